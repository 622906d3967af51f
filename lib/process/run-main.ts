import { ConfigError } from '../config';

/**
 * A failure the entry point has already described (a run that failed, with its id): printed as
 * its message chain without a stack trace, since the trace would only show the SDK's plumbing.
 */
export class ReportedFailure extends Error {
  override readonly name = 'ReportedFailure';
}

export interface RunMainOptions {
  /**
   * Bad input of this entry point besides a bad variable (ConfigError): refused before anything
   * started, so it exits 2 and prints one line. The CLI passes its argument and params errors.
   * @default none
   */
  isUsageError?: (error: Error) => boolean;
}

/** How long a finished entry point may take to exit before leftover handles are ignored. */
const EXIT_WAIT_MS = 10_000;

/**
 * Runs an entry point (a worker process, a CLI command): prints a known failure as one line
 * (config, unreachable servers, bad input, a failed run) rather than a stack trace, and sets the
 * exit code instead of calling process.exit, so `finally` blocks still close connections.
 */
export function runMain(main: () => Promise<void>, options: RunMainOptions = {}): void {
  main()
    .catch((err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err));
      const usage = error instanceof ConfigError || (options.isUsageError?.(error) ?? false);
      const known = usage || error instanceof ReportedFailure || /Unavailable|NotFound|Invalid/.test(error.name);
      process.stderr.write(`error: ${messageChain(error)}\n`);
      if (!known || process.env.LOG_LEVEL === 'debug') process.stderr.write(`${error.stack ?? ''}\n`);
      process.exitCode = usage ? 2 : 1;
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
