import { constants } from 'node:os';
import type { Logger } from 'pino';

export interface ShutdownSignalOptions {
  /** SHUTDOWN_GRACE: how long in-flight activities may drain after the first signal. */
  graceMs: number;
  /**
   * Time after the grace for connections and embedded servers to close before the process is
   * forced out (their own stop timeouts are 10–15 s; they usually take about one).
   * @default 15_000
   */
  closeAllowanceMs?: number;
  logger: Logger;
  /** @default ['SIGINT', 'SIGTERM'] */
  signals?: readonly NodeJS.Signals[];
  /** Tests replace it to observe a forced exit. @default process.exit */
  exit?: (code: number) => void;
}

export interface ShutdownSignal {
  /** Aborted on the first signal: stop taking work, drain, close. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  received(): NodeJS.Signals | undefined;
  /** Removes the handlers and the deadline, once everything the process started has stopped. */
  dispose(): void;
}

/**
 * Owns SIGINT/SIGTERM for an entry point. The first signal aborts `signal`, so the process drains
 * and closes in order; a second signal, or the grace plus the close allowance running out, exits
 * at once with 128 + the signal's number, so a stuck drain can never keep the process alive.
 */
export function handleShutdownSignals(options: ShutdownSignalOptions): ShutdownSignal {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  let first: NodeJS.Signals | undefined;
  let deadline: NodeJS.Timeout | undefined;
  const forceExit = (why: string, signal: NodeJS.Signals) => {
    // Written straight to stderr: the logger may be the thing that is stuck.
    process.stderr.write(`error: ${why}; exiting without waiting further\n`);
    exit(128 + (constants.signals[signal] ?? 0));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (first !== undefined) {
      forceExit(`second ${signal} while stopping`, signal);
      return;
    }
    first = signal;
    const graceMs = options.graceMs;
    const totalMs = graceMs + (options.closeAllowanceMs ?? 15_000);
    options.logger.info({ signal, graceMs }, 'stopping: draining in-flight activities (signal again to force)');
    // unref: the deadline bounds a stop that hangs, it must never be what keeps the process up.
    deadline = setTimeout(() => forceExit(`still stopping ${totalMs} ms after ${signal} (SHUTDOWN_GRACE ${graceMs} ms)`, signal), totalMs).unref();
    controller.abort(signal);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    signal: controller.signal,
    received: () => first,
    dispose() {
      clearTimeout(deadline);
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}
