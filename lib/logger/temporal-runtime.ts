import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';
import { prometheusTelemetry, type MetricsEndpoint } from '../metrics/metrics-endpoint';

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

let installed = false;

export interface TemporalRuntimeOptions {
  /**
   * Serve GET /metrics in Prometheus format from the runtime: the SDK's own metrics (prefixed
   * `temporal_`) and everything emitted through a metric meter (the engine's `factory_*`,
   * docs/observability.md). @default no endpoint
   */
  readonly metrics?: MetricsEndpoint;
}

/**
 * Routes the Temporal SDK's logs (worker, workflow `log`, and the Rust core) into pino, so one
 * process has one log stream, and with `metrics` exports the runtime's metrics. Runtime.install
 * may run once per process; later calls are ignored.
 *
 * The runtime takes no signals: by default it would swallow SIGINT/SIGTERM (only asking workers
 * to stop), so a process whose workers had already stopped ignored them. The entry points own
 * signals instead (lib/process/shutdown-signals.ts) and stop workers, connections and the stack.
 */
export function installTemporalRuntimeLogger(logger: Logger, options: TemporalRuntimeOptions = {}): void {
  if (installed) return;
  const temporalLogger = logger.child({ component: 'temporal' });
  try {
    Runtime.install({
      shutdownSignals: [],
      // Worker state chatter is INFO in the SDK; keep it out of the stream unless debugging.
      logger: new DefaultLogger(logger.isLevelEnabled('debug') ? 'DEBUG' : 'WARN', (entry: LogEntry) => {
        temporalLogger[LEVELS[entry.level]](entry.meta ?? {}, entry.message);
      }),
      telemetryOptions: {
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
        ...(options.metrics ? { metrics: prometheusTelemetry(options.metrics) } : {}),
      },
    });
  } catch (err) {
    const port = options.metrics?.port;
    if (port !== undefined && /address already in use/i.test(String(err))) {
      throw new Error(`METRICS_PORT=${port} is already in use by another program; choose a free port or unset it`, { cause: err });
    }
    throw err;
  }
  installed = true;
}
