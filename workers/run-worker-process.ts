import type { TaskQueueKind } from '../common/task-queues';
import { loadConfig, parseDuration } from '../lib/config';
import { createLogger } from '../lib/logger';
import { handleShutdownSignals } from '../lib/process/shutdown-signals';
import { startStack } from '../lib/stack';
import { startWorkers, type StartedWorkers } from './start-workers';

/**
 * A production worker process for the given queues. It connects to the external stack named by
 * the environment (TEMPORAL_ADDRESS or a profile, DATABASE_URL, ARTIFACT_STORE) and never starts
 * embedded servers: scaling out is adding more of these processes. SIGINT/SIGTERM drain it
 * (in-flight activities get SHUTDOWN_GRACE), then it closes its connections and exits; a second
 * signal exits at once.
 */
export async function runWorkerProcess(queues: readonly TaskQueueKind[]): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const shutdown = handleShutdownSignals({ graceMs: parseDuration(config.SHUTDOWN_GRACE), logger });
  try {
    const stack = await startStack(config, logger, { embeddedTemporal: false, embeddedPostgres: false });
    let workers: StartedWorkers | undefined;
    try {
      if (shutdown.signal.aborted) return;
      workers = await startWorkers(stack, config, logger, queues, shutdown.signal);
      logger.info({ queues }, 'worker process running; SIGTERM drains it');
      await workers.stopped;
    } finally {
      await workers?.close().catch((err: unknown) => logger.error({ err }, 'error while stopping the workers'));
      await stack.close();
      logger.info('stopped');
    }
  } finally {
    shutdown.dispose();
  }
}
