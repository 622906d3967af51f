import { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { DagRunResult } from '../common/dag';
import type { TaskQueueKind } from '../common/task-queues';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { startStack } from '../lib/stack';
import { ModelRegistry } from '../lib/registry';
import { seedCorpus } from '../lib/source';
import { applySchedules, defaultSchedules } from '../schedules';
import { startWorkers } from '../workers/start-workers';
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
    const started = await startWorkers(stack, config, logger, config.WORKER_QUEUES.split(',') as TaskQueueKind[]);
    connection = started.connection;
    const workers = started.workers;
    logger.info({ seconds: (Date.now() - startedAt) / 1000 }, 'stack up');
    const running = Promise.all(workers.map((w) => w.run()));
    const client = new Client({ connection, namespace: stack.temporal.namespace });
    const job = (async () => {
      // The demo corpus goes into the embedded default's own table; a configured source is left alone.
      if (!stack.source && !config.SOURCE_DATABASE_URL) await seedCorpus(stack.pool, logger);
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
      process.stdout.write(`main job completed: ${await summarize(result, new ModelRegistry(stack.pool))}\n`);
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

/** The run's outcome, the registered version's holdout metrics, and every task's state. */
async function summarize(result: DagRunResult, registry: ModelRegistry): Promise<string> {
  const registered = result.tasks.register_model?.output as { model: string; version: number } | undefined;
  const promoted = result.tasks.promote_auto?.state === 'success' || result.tasks.promote_approved?.state === 'success';
  let metrics = '';
  if (registered) {
    const version = await registry.getVersion(registered.model, registered.version);
    const m = version.metrics as { candidate?: Record<string, number>; baseline?: Record<string, number> };
    const fmt = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(3));
    metrics = ` · ${registered.model} v${registered.version}: F1 ${fmt(m.candidate?.f1)} precision ${fmt(m.candidate?.precision)} recall ${fmt(m.candidate?.recall)} ROC-AUC ${fmt(m.candidate?.rocAuc)} · baseline F1 ${fmt(m.baseline?.f1)} · gate ${version.gate.passed ? 'passed' : `failed: ${version.gate.reasons.join('; ')}`}`;
  }
  const states = Object.entries(result.tasks).map(([id, t]) => `${id}=${t.state}`).join(' ');
  return `${result.state}${metrics} · promoted: ${promoted ? 'yes' : 'no'}\n  ${states}`;
}
