import { ConfigError } from '../lib/config';

/** A bad command-line argument: reported in one line, exit code 2 like a bad variable. */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
}

/**
 * Runs an entry point: prints a known failure as one line (config, unreachable servers, bad
 * input) rather than a stack trace, and sets the exit code instead of calling process.exit, so
 * `finally` blocks still close connections.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const error = err instanceof Error ? err : new Error(String(err));
    const known = error instanceof ConfigError || error instanceof InvalidArgumentError || /Unavailable|NotFound|Invalid/.test(error.name);
    process.stderr.write(`error: ${error.message}\n`);
    if (!known || process.env.LOG_LEVEL === 'debug') process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = error instanceof ConfigError || error instanceof InvalidArgumentError ? 2 : 1;
  });
}
