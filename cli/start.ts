import { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DagRunResult } from '../common/dag';
import type { TaskQueueKind } from '../common/task-queues';
import { loadConfig, parseDuration } from '../lib/config';
import { createLogger, installTemporalRuntimeLogger } from '../lib/logger';
import { startStack } from '../lib/stack';
import { seedCorpus } from '../lib/source';
import { applySchedules, defaultSchedules } from '../schedules';
import { createWorkers } from '../workers/create-workers';
import { CORPUS_LOGICAL_DATE, runMainJob } from './main-job';
import { InvalidArgumentError, runMain } from './main-wrapper';

const HELP = `usage: npm start [-- --once] [--logical-date ISO] [--param key=value ...]

Starts the embedded stack (Temporal dev server with Web UI, PostgreSQL, artifact folder) or
connects to the external one that the environment names, runs the cpu and gpu workers, and runs
the main job: the weekly retraining of the \`spam\` model for the week before --logical-date
(default ${CORPUS_LOGICAL_DATE}, the end of the seeded SpamAssassin corpus). Without --once it
keeps serving until Ctrl-C, which drains in-flight activities; the next start resumes the run.
--param sets a weekly_retraining param (value parsed as JSON when it parses, e.g. epochs=4).`;

/** `--param k=v` pairs; values are JSON when they parse (numbers, booleans), strings otherwise. */
function parseParamFlags(args: string[]): Record<string, unknown> {
  const params: Record<string, unknown> = { modelName: 'spam' };
  args.forEach((arg, i) => {
    if (arg !== '--param') return;
    const pair = args[i + 1] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`--param "${pair}" is invalid: expected key=value, for example epochs=4`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // A plain string such as modelName=spam.
    }
    params[pair.slice(0, eq)] = value;
  });
  return params;
}

runMain(async () => {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const once = args.includes('--once');
  const dateFlag = args.indexOf('--logical-date');
  const logicalDate = dateFlag >= 0 ? args[dateFlag + 1] ?? '' : CORPUS_LOGICAL_DATE;
  const params = parseParamFlags(args);
  if (Number.isNaN(Date.parse(logicalDate))) throw new InvalidArgumentError(`--logical-date "${logicalDate}" is invalid: expected an ISO date such as 2002-09-30T03:00:00Z`);
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
    const job = (async () => {
      await seedCorpus(stack.pool, logger);
      const embedded = !config.DATABASE_URL;
      const applied = await applySchedules(
        client,
        defaultSchedules({
          // The demo corpus ends in 2002: weekly fires on the embedded default would find no data.
          paused: embedded,
          note: embedded ? 'paused on the embedded demo corpus (2002 data); unpause when the source is live' : '',
        }),
      );
      logger.info({ schedules: applied }, 'schedules applied');
      const result = await runMainJob({ client, uiUrl: stack.uiUrl, namespace: stack.temporal.namespace, logger, logicalDate, params });
      process.stdout.write(`main job completed: ${summarize(result)}\n`);
    })();
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

/** One line per task state plus the candidate's holdout metrics, for the terminal. */
function summarize(result: DagRunResult): string {
  const evaluation = result.tasks.evaluate_model?.output as { candidate?: { f1: number; rocAuc: number }; baseline?: { f1: number } } | undefined;
  const promote = result.tasks.promote_auto?.state === 'success' || result.tasks.promote_approved?.state === 'success';
  const states = Object.entries(result.tasks).map(([id, t]) => `${id}=${t.state}`).join(' ');
  const metrics = evaluation?.candidate
    ? ` · candidate F1 ${evaluation.candidate.f1.toFixed(3)} ROC-AUC ${evaluation.candidate.rocAuc.toFixed(3)} · baseline F1 ${evaluation.baseline?.f1.toFixed(3)}`
    : '';
  return `${result.state}${metrics} · promoted: ${promote ? 'yes' : 'no'}\n  ${states}`;
}
