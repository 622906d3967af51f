import { ConfigError } from '../lib/config';
import { InvalidRunParamsError } from '../client/errors';

/** A bad command-line argument: reported in one line, exit code 2 like a bad variable. */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
}

/**
 * A failure the entry point has already described (a run that failed, with its id): printed as
 * its message chain without a stack trace, since the trace would only show the SDK's plumbing.
 */
export class ReportedFailure extends Error {
  override readonly name = 'ReportedFailure';
}

/** How long a finished entry point may take to exit before leftover handles are ignored. */
const EXIT_WAIT_MS = 10_000;

/**
 * Runs an entry point: prints a known failure as one line (config, unreachable servers, bad
 * input, a failed run) rather than a stack trace, and sets the exit code instead of calling
 * process.exit, so `finally` blocks still close connections.
 */
export function runMain(main: () => Promise<void>): void {
  main()
    .catch((err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err));
      const known = error instanceof ConfigError || error instanceof InvalidArgumentError || error instanceof ReportedFailure || /Unavailable|NotFound|Invalid/.test(error.name);
      process.stderr.write(`error: ${messageChain(error)}\n`);
      if (!known || process.env.LOG_LEVEL === 'debug') process.stderr.write(`${error.stack ?? ''}\n`);
      // Bad input, refused before anything started: the same exit code as the factory CLI's usage errors.
      process.exitCode = error instanceof ConfigError || error instanceof InvalidArgumentError || error instanceof InvalidRunParamsError ? 2 : 1;
    })
    .finally(() => {
      // main has closed everything it opened; a handle still open (a native SDK thread, a socket)
      // must not turn the end of the program into a hang. unref: a clean exit is not delayed.
      setTimeout(() => {
        process.stderr.write(`warning: the process was still running ${EXIT_WAIT_MS} ms after it finished; exiting\n`);
        process.exit();
      }, EXIT_WAIT_MS).unref();
    });
}

/**
 * The error's message followed by its causes' (`a: b: c`): the SDK wraps the reason a run failed
 * in generic errors, and the reason is what a person needs. A cause whose message its parent
 * already quotes is left out.
 */
export function messageChain(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = error; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    const last = parts[parts.length - 1];
    if (e.message && !last?.includes(e.message)) parts.push(e.message);
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}
