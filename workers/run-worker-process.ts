import type { NativeConnection } from '@temporalio/worker';
import type { TaskQueueKind } from '../common/task-queues';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { startStack } from '../lib/stack';
import { startWorkers } from './start-workers';

/**
 * A production worker process for the given queues. It connects to the external stack named by
 * the environment (TEMPORAL_ADDRESS or a profile, DATABASE_URL, ARTIFACT_STORE) and never starts
 * embedded servers: scaling out is adding more of these processes. SIGINT/SIGTERM drain it.
 */
export async function runWorkerProcess(queues: readonly TaskQueueKind[]): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const stack = await startStack(config, logger, { embeddedTemporal: false, embeddedPostgres: false });
  let connection: NativeConnection | undefined;
  try {
    const started = await startWorkers(stack, config, logger, queues);
    connection = started.connection;
    const workers = started.workers;
    await Promise.all(workers.map((w) => w.run()));
  } finally {
    await connection?.close().catch(() => undefined);
    await stack.close();
  }
}
