import { Client, WorkflowFailedError } from '@temporalio/client';
import type { Logger } from 'pino';
import { prepareRun, type PreparedRun } from '../client/start-run';
import type { DagRunResult } from '../common/dag';
import type { TaskQueueKind } from '../common/task-queues';
import { payloadDataConverter } from '../lib/codec/data-converter';
import { loadConfig, parseDuration, type Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { handleShutdownSignals } from '../lib/process/shutdown-signals';
import { startStack, type Stack } from '../lib/stack';
import { ModelRegistry } from '../lib/registry';
import { seedCorpus } from '../lib/source';
import { applySchedules, defaultSchedules } from '../schedules';
import { loadOperatorToken, startConfiguredConsole } from '../console';
import { predictionServiceOptions, startPredictionService } from '../lib/serving';
import { startWorkers, type StartedWorkers } from '../workers/start-workers';
import { readCommandLine, type DocumentedCommandLine } from './command-line-help';
import { parseParamFlags } from './commands/params';
import { CORPUS_LOGICAL_DATE, runMainJob } from './main-job';
import { InvalidArgumentError, ReportedFailure, messageChain, runMain } from './main-wrapper';

const START_ARGS = {
  program: 'npm start --',
  summary: 'Runs the model factory on one machine and retrains the `spam` model for one week.',
  options: {
    once: { type: 'boolean', description: 'run the main job, then stop and exit (0 when the run succeeded)' },
    'logical-date': { type: 'string', value: 'ISO', description: `logical date of the main job, e.g. 2002-09-30T03:00:00Z (default ${CORPUS_LOGICAL_DATE})` },
    param: {
      type: 'string',
      multiple: true,
      value: 'key=value',
      description: 'a weekly_retraining param; the value is JSON when it parses (epochs=4), else a string; key.sub=value sets a nested field',
    },
  },
  positionals: [],
  details: `Starts the embedded stack (Temporal dev server with Web UI, PostgreSQL, artifact folder) or
connects to the external one that the environment names, runs the cpu and gpu workers, and runs
the main job: the weekly retraining of the \`spam\` model for the week before --logical-date
(default ${CORPUS_LOGICAL_DATE}, the end of the seeded SpamAssassin corpus). Without --once it
keeps serving until Ctrl-C, which drains in-flight activities; the next start resumes the run.`,
} as const satisfies DocumentedCommandLine;

runMain(async () => {
  const args = readCommandLine(START_ARGS);
  if (!args) return;
  const once = args.flag('once');
  const logicalDate = args.string('logical-date') ?? CORPUS_LOGICAL_DATE;
  if (Number.isNaN(Date.parse(logicalDate)))
    throw new InvalidArgumentError(`--logical-date "${logicalDate}" is invalid: expected an ISO date such as 2002-09-30T03:00:00Z`);
  const params = { modelName: 'spam', ...parseParamFlags(args.list('param')) };
  // Checked before the stack starts, so a bad param waits on nothing and changes nothing.
  const prepared = prepareRun('weekly_retraining', { params, logicalDate, runKind: 'manual' }, { startedBy: '`npm start`' });
  const config = loadConfig();
  // A bad token file stops here, before anything starts.
  const operatorToken = loadOperatorToken(config);
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const shutdown = handleShutdownSignals({ graceMs: parseDuration(config.SHUTDOWN_GRACE), logger });
  let finished: boolean;
  try {
    finished = await serve({ config, logger, once, prepared, operatorToken, stop: shutdown.signal });
  } finally {
    shutdown.dispose();
  }
  const signal = shutdown.received();
  if (once && !finished && signal) throw new ReportedFailure(`stopped by ${signal} before the main job finished; the next start resumes its run`);
});

interface ServeOptions {
  config: Config;
  logger: Logger;
  once: boolean;
  /** The main job's checked start request. */
  prepared: PreparedRun;
  /** The console's operator token; undefined: the console is read-only. */
  operatorToken: string | undefined;
  /** Aborted by SIGINT/SIGTERM: drain the workers, then close. */
  stop: AbortSignal;
}

/**
 * Starts the stack and the workers and runs the main job; returns once everything it started has
 * stopped, in order: workers drained, then their connection, then the stack. True when the main
 * job finished (with --once; serving, the job is reported as it ends).
 */
async function serve({ config, logger, once, prepared, operatorToken, stop }: ServeOptions): Promise<boolean> {
  const startedAt = Date.now();
  const stack = await startStack(config, logger);
  let workers: StartedWorkers | undefined;
  const surfaces: Array<{ close(): Promise<void> }> = [];
  try {
    if (stop.aborted) return false;
    workers = await startWorkers(stack, config, logger, config.WORKER_QUEUES.split(',') as TaskQueueKind[], stop);
    const started = workers;
    logger.info({ seconds: (Date.now() - startedAt) / 1000 }, 'stack up');
    // The same keys as the workers (startWorkers passes payloadDataConverter(config) to them).
    const dataConverter = payloadDataConverter(config);
    const client = new Client({ connection: started.connection, namespace: stack.temporal.namespace, ...(dataConverter ? { dataConverter } : {}) });
    surfaces.push(...(await startSurfaces({ config, logger, stack, client }, operatorToken)));
    const job = mainJob({ config, logger, prepared, stack, client });
    if (once) {
      // Whichever ends first: the job, or the workers (a signal, or a worker that failed).
      const outcome = await Promise.race([job.then(() => 'done' as const), started.stopped.then(() => 'stopped' as const)]);
      if (outcome === 'done') started.shutdown();
      await started.stopped;
      return outcome === 'done';
    } else {
      job.catch((err: unknown) => {
        // A stop cuts the wait for the run's result; the run itself continues at the next start.
        if (stop.aborted) return;
        process.stderr.write(`error: ${messageChain(err)}\n`);
        process.exitCode = 1;
      });
      logger.info({ uiUrl: stack.uiUrl }, 'serving; press Ctrl-C to stop');
    }
    await started.stopped;
    return false;
  } finally {
    for (const surface of surfaces.reverse()) await surface.close().catch((err: unknown) => logger.error({ err }, 'error while stopping a server'));
    await workers?.close().catch((err: unknown) => logger.error({ err }, 'error while stopping the workers'));
    await stack.close();
    logger.info('stopped');
  }
}

/**
 * The console and the prediction service on the embedded stack, their URLs printed next to the
 * Temporal UI's. Both read the same registry and Temporal as the workers.
 */
async function startSurfaces(
  { config, logger, stack, client }: Omit<MainJobContext, 'prepared'>,
  operatorToken: string | undefined,
): Promise<Array<{ close(): Promise<void> }>> {
  const consoleServer = await startConfiguredConsole({
    config,
    logger,
    operatorToken,
    temporal: client,
    pool: stack.pool,
    artifacts: stack.store,
    ...(stack.uiUrl ? { embeddedUiUrl: stack.uiUrl } : {}),
  });
  const started = [consoleServer];
  try {
    const prediction = await startPredictionService(
      predictionServiceOptions(config, { pool: stack.pool, databaseUrl: stack.databaseUrl, store: stack.store, logger }),
    );
    started.push(prediction);
    process.stdout.write(
      `console: ${consoleServer.url}${operatorToken ? '' : ' (read-only: set CONSOLE_OPERATOR_TOKEN to act)'}\nprediction service: ${prediction.url}/v1/models/{model}:predict\n`,
    );
  } catch (err) {
    await consoleServer.close();
    throw err;
  }
  return started;
}

interface MainJobContext {
  config: Config;
  logger: Logger;
  prepared: PreparedRun;
  stack: Stack;
  client: Client;
}

/** Seeds the demo corpus, applies the Schedules and runs this week's retraining, printing its outcome. */
async function mainJob({ config, logger, prepared, stack, client }: MainJobContext): Promise<void> {
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
  let result: DagRunResult;
  try {
    result = await runMainJob({ client, uiUrl: stack.uiUrl, namespace: stack.temporal.namespace, logger, prepared });
  } catch (err) {
    // WorkflowFailedError's own message is generic ("Workflow execution failed"); its cause is
    // the run's reason, e.g. the DAG's failure naming the failed tasks and their errors.
    // WorkflowFailedError does not carry the run's id: name it from the start request.
    if (err instanceof WorkflowFailedError) throw new ReportedFailure(`${prepared.workflowId} failed`, { cause: err.cause ?? err });
    throw err;
  }
  process.stdout.write(`main job completed: ${await summarize(result, new ModelRegistry(stack.pool))}\n`);
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
  const states = Object.entries(result.tasks)
    .map(([id, t]) => `${id}=${t.state}`)
    .join(' ');
  return `${result.state}${metrics} · promoted: ${promoted ? 'yes' : 'no'}\n  ${states}`;
}
