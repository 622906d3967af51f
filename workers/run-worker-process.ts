import type { Logger } from 'pino';
import type { TaskQueueKind } from '../common/task-queues';
import { readBuildInfo } from '../lib/build-info';
import { loadConfig, parseDuration, type Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { startHealthServer, type HealthServer } from '../lib/net/health-server';
import { handleShutdownSignals } from '../lib/process/shutdown-signals';
import { startStack } from '../lib/stack';
import { startWorkers, type StartedWorkers } from './start-workers';

/**
 * A production worker process for the given queues. It connects to the external stack named by
 * the environment (TEMPORAL_ADDRESS or a profile, DATABASE_URL, ARTIFACT_STORE) and never starts
 * embedded servers: scaling out is adding more of these processes. It logs the build it runs
 * (the id the registry records as a version's code) and, with HEALTH_PORT, answers health probes.
 * SIGINT/SIGTERM drain it (in-flight activities get SHUTDOWN_GRACE), then it closes its
 * connections and exits; a second signal exits at once.
 */
export interface WorkerProcessOptions {
  /**
   * Runs after the config is read and the build logged, before anything listens or connects: a
   * check that throws here (a gpu worker without its GPU) stops the process with no side effect.
   */
  readonly beforeConnect?: (config: Config, logger: Logger) => Promise<void>;
}

export async function runWorkerProcess(queues: readonly TaskQueueKind[], options: WorkerProcessOptions = {}): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const build = readBuildInfo();
  logger.info({ build: build.id, gitCommit: build.gitCommit, queues, node: process.version }, 'worker process starting');
  await options.beforeConnect?.(config, logger);
  const shutdown = handleShutdownSignals({ graceMs: parseDuration(config.SHUTDOWN_GRACE), logger });
  let workers: StartedWorkers | undefined;
  let health: HealthServer | undefined;
  try {
    if (config.HEALTH_PORT !== undefined) {
      health = await startHealthServer(config.HEALTH_PORT, () => {
        const states = workers?.workers.map((w) => w.getState()) ?? [];
        return { healthy: states.length > 0 && states.every((s) => s === 'RUNNING'), detail: { build: build.id, queues, states } };
      }).catch((err: unknown) => {
        throw (err as NodeJS.ErrnoException).code === 'EADDRINUSE'
          ? new Error(`HEALTH_PORT=${config.HEALTH_PORT} is already in use by another program; choose a free port or unset it`, { cause: err })
          : err;
      });
      logger.info({ port: health.port }, 'health endpoint on /healthz');
    }
    const stack = await startStack(config, logger, { embeddedTemporal: false, embeddedPostgres: false });
    try {
      if (shutdown.signal.aborted) return;
      workers = await startWorkers(stack, config, logger, queues, shutdown.signal);
      logger.info({ queues, build: build.id, startedInMs: Math.round(process.uptime() * 1000) }, 'worker process running; SIGTERM drains it');
      await workers.stopped;
    } finally {
      await workers?.close().catch((err: unknown) => logger.error({ err }, 'error while stopping the workers'));
      await stack.close();
      logger.info('stopped');
    }
  } finally {
    await health?.close();
    shutdown.dispose();
  }
}
