import { ConfigError } from '../lib/config';

/**
 * Runs an entry point: prints a known failure as one line (config, unreachable servers, bad
 * input) rather than a stack trace, and sets the exit code instead of calling process.exit, so
 * `finally` blocks still close connections.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const error = err instanceof Error ? err : new Error(String(err));
    const known = error instanceof ConfigError || /Unavailable|NotFound|Invalid/.test(error.name);
    process.stderr.write(`error: ${error.message}\n`);
    if (!known || process.env.LOG_LEVEL === 'debug') process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  });
}
