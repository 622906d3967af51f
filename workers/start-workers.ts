import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { TaskQueueKind } from '../common/task-queues';
import { payloadDataConverter } from '../lib/codec';
import { parseDuration, type Config } from '../lib/config';
import { closeSharedComputePool, sharedComputePool } from '../lib/compute';
import { installTemporalRuntimeLogger } from '../lib/logger';
import { resolveMetricsEndpoint } from '../lib/metrics';
import type { Stack } from '../lib/stack';
import { activeTracing } from '../lib/tracing';
import { createWorkers } from './create-workers';

export interface StartedWorkers {
  connection: NativeConnection;
  workers: Worker[];
  /**
   * Settles once every worker has stopped: drained after `shutdown`, or failed (the first failure
   * rejects it, after the other workers were shut down too).
   */
  stopped: Promise<void>;
  /** Asks every running worker to drain; in-flight activities get SHUTDOWN_GRACE. Idempotent. */
  shutdown(): void;
  /**
   * Shuts down, waits for every worker to stop, then closes the connection (the SDK refuses to
   * close a connection a worker still holds, which used to leave the process hanging) and the
   * compute threads (no activity scores in one any more).
   */
  close(): Promise<void>;
}

/**
 * Connects to the stack's Temporal, builds the workers of `queues` over its dependencies and
 * runs them. Stopping is the caller's: signals are not the SDK's here (see temporal-runtime.ts).
 */
export async function startWorkers(
  stack: Stack,
  config: Config,
  logger: Logger,
  queues: readonly TaskQueueKind[],
  /** Aborted by SIGINT/SIGTERM: the workers drain; aborted already, they stop at once. */
  stop?: AbortSignal,
): Promise<StartedWorkers> {
  // Installed only now: the SDK runtime keeps the process alive, which would turn a start-up
  // error before this point into a hang. Its Prometheus exporter serves every metric of the process.
  const metrics = config.METRICS_PORT === undefined ? undefined : await resolveMetricsEndpoint(config.METRICS_PORT);
  installTemporalRuntimeLogger(logger, metrics ? { metrics } : {});
  if (metrics) logger.info({ port: metrics.port }, 'metrics endpoint on /metrics');
  // Sized before the activities are built: each defaults to the shared pool.
  sharedComputePool(config.COMPUTE_THREADS === undefined ? {} : { size: config.COMPUTE_THREADS });
  const connection = await NativeConnection.connect(stack.temporal.connectionOptions);
  try {
    const workers = await createWorkers({
      connection,
      namespace: stack.temporal.namespace,
      queues,
      deps: { pool: stack.pool, store: stack.store, logger, source: stack.source, sourcePool: stack.sourcePool },
      logger,
      shutdownGraceTime: parseDuration(config.SHUTDOWN_GRACE),
      dataConverter: payloadDataConverter(config),
    });
    const started = runWorkers(connection, workers);
    if (stop?.aborted) started.shutdown();
    else stop?.addEventListener('abort', () => started.shutdown(), { once: true });
    return started;
  } catch (err) {
    await connection.close();
    throw err;
  }
}

function runWorkers(connection: NativeConnection, workers: Worker[]): StartedWorkers {
  const shutdown = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  // A failed worker must not leave its siblings polling: nothing would ever stop them.
  const runs = workers.map((w) =>
    w.run().catch((err: unknown) => {
      shutdown();
      throw err;
    }),
  );
  const stopped = Promise.allSettled(runs).then((results) => {
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  // Callers await it later; a worker failing first must not count as an unhandled rejection.
  stopped.catch(() => undefined);
  return {
    connection,
    workers,
    stopped,
    shutdown,
    async close() {
      shutdown();
      await stopped.catch(() => undefined);
      await connection.close();
      await closeSharedComputePool();
      // Batched spans go out before the process exits (a no-op when tracing is off).
      await activeTracing()?.shutdown();
    },
  };
}
