import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { TASK_QUEUES, type TaskQueueKind } from '../common/task-queues';
import { loadConfig, parseDuration } from '../lib/config';
import { createLogger, installTemporalRuntimeLogger } from '../lib/logger';
import { startStack } from '../lib/stack';
import { uiRunUrl } from '../lib/temporal';
import { createWorkers } from '../workers/create-workers';
import type { walkingSkeleton } from '../workflows';
import { runMain } from './main-wrapper';

const HELP = `usage: npm start [-- --once]

Starts the embedded stack (Temporal dev server with Web UI, PostgreSQL, artifact folder) or
connects to the external one that the environment names, runs the cpu and gpu workers, and runs
the main job. Without --once it keeps serving until Ctrl-C, which drains in-flight activities.`;

runMain(async () => {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const once = args.includes('--once');
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const startedAt = Date.now();
  const stack = await startStack(config, logger);
  let connection: NativeConnection | undefined;
  try {
    // Installed only now: the SDK runtime keeps the process alive, which would turn a start-up
    // error above into a hang.
    installTemporalRuntimeLogger(logger);
    connection = await NativeConnection.connect(stack.temporal.connectionOptions);
    const queues = config.WORKER_QUEUES.split(',') as TaskQueueKind[];
    const workers = await createWorkers({
      connection,
      namespace: stack.temporal.namespace,
      queues,
      deps: { pool: stack.pool, store: stack.store, logger },
      logger,
      shutdownGraceTime: parseDuration(config.SHUTDOWN_GRACE),
    });
    logger.info({ seconds: (Date.now() - startedAt) / 1000 }, 'stack up');
    const running = Promise.all(workers.map((w) => w.run()));
    const client = new Client({ connection, namespace: stack.temporal.namespace });
    const job = runMainJob(client, stack.uiUrl, stack.temporal.namespace, logger);
    if (once) {
      await job.finally(() => shutdownAll(workers));
    } else {
      job.catch((err: unknown) => {
        logger.error({ err }, 'main job failed');
        process.exitCode = 1;
      });
      logger.info({ uiUrl: stack.uiUrl }, 'serving; press Ctrl-C to stop');
    }
    await running;
  } finally {
    await connection?.close().catch(() => undefined);
    await stack.close();
    logger.info('stopped');
  }
});

function shutdownAll(workers: Worker[]): void {
  for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
}

/**
 * Starts (or re-attaches to) today's walking-skeleton run. The id is a business key, so an
 * `npm start` after a crash attaches to the run still in flight instead of starting another.
 */
async function runMainJob(client: Client, uiUrl: string | undefined, namespace: string, logger: ReturnType<typeof createLogger>) {
  const workflowId = `walking-skeleton/${new Date().toISOString().slice(0, 10)}`;
  let handle;
  let runId: string | undefined;
  try {
    handle = await client.workflow.start<typeof walkingSkeleton>('walkingSkeleton', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      staticSummary: 'Walking skeleton: PostgreSQL, artifact store, cpu and gpu queues',
    });
    runId = handle.firstExecutionRunId;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    handle = client.workflow.getHandle<typeof walkingSkeleton>(workflowId);
    logger.info({ workflowId }, 'attached to the run already in flight');
  }
  const link = uiUrl ? uiRunUrl(uiUrl, namespace, workflowId, runId) : workflowId;
  process.stdout.write(`main job started: ${link}\n`);
  const result = await handle.result();
  process.stdout.write(`main job completed: ${JSON.stringify(result)}\n`);
  return result;
}
