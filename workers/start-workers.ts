import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { TaskQueueKind } from '../common/task-queues';
import { parseDuration, type Config } from '../lib/config';
import { installTemporalRuntimeLogger } from '../lib/logger';
import type { Stack } from '../lib/stack';
import { createWorkers } from './create-workers';

export interface StartedWorkers {
  connection: NativeConnection;
  workers: Worker[];
}

/** Connects to the stack's Temporal and builds the workers of `queues` over its dependencies. */
export async function startWorkers(stack: Stack, config: Config, logger: Logger, queues: readonly TaskQueueKind[]): Promise<StartedWorkers> {
  // Installed only now: the SDK runtime keeps the process alive, which would turn a start-up
  // error before this point into a hang.
  installTemporalRuntimeLogger(logger);
  const connection = await NativeConnection.connect(stack.temporal.connectionOptions);
  try {
    const workers = await createWorkers({
      connection,
      namespace: stack.temporal.namespace,
      queues,
      deps: { pool: stack.pool, store: stack.store, logger, source: stack.source, sourcePool: stack.sourcePool },
      logger,
      shutdownGraceTime: parseDuration(config.SHUTDOWN_GRACE),
    });
    return { connection, workers };
  } catch (err) {
    await connection.close();
    throw err;
  }
}
