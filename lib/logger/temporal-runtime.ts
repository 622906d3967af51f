import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

let installed = false;

/**
 * Routes the Temporal SDK's logs (worker, workflow `log`, and the Rust core) into pino, so one
 * process has one log stream. Runtime.install may run once per process; later calls are ignored.
 *
 * The runtime takes no signals: by default it would swallow SIGINT/SIGTERM (only asking workers
 * to stop), so a process whose workers had already stopped ignored them. The entry points own
 * signals instead (lib/process/shutdown-signals.ts) and stop workers, connections and the stack.
 */
export function installTemporalRuntimeLogger(logger: Logger): void {
  if (installed) return;
  installed = true;
  const temporalLogger = logger.child({ component: 'temporal' });
  Runtime.install({
    shutdownSignals: [],
    // Worker state chatter is INFO in the SDK; keep it out of the stream unless debugging.
    logger: new DefaultLogger(logger.isLevelEnabled('debug') ? 'DEBUG' : 'WARN', (entry: LogEntry) => {
      temporalLogger[LEVELS[entry.level]](entry.meta ?? {}, entry.message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
    },
  });
}
