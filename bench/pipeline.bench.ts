// The whole weekly_retraining pipeline on the SpamAssassin corpus, with its full default
// settings, on a throwaway embedded stack: wall time per step, and the orchestration overhead as
// a ratio of the run's wall time to the sum of the step durations on its critical path.
//   npx tsx bench/pipeline.bench.ts [--epochs N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { DagRunState } from '../common/dag';
import { TASK_QUEUES } from '../common/task-queues';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { freePort } from '../lib/net/free-port';
import { seedCorpus } from '../lib/source';
import { startStack } from '../lib/stack';
import { CORPUS_LOGICAL_DATE } from '../cli/main-job';
import { retrainingWorkflowId } from '../common/time';
import { createWorkers } from '../workers/create-workers';
import { integerOption } from '../cli/command-line';
import { readCommandLine, type DocumentedCommandLine } from '../cli/command-line-help';

// The chain each run waits on; get_champion runs beside extraction and is not on it.
const CRITICAL_PATH = ['extract_events', 'validate_dataset', 'train_model', 'evaluate_model', 'register_model', 'mark_challenger', 'promote_auto'];

const ARGS = {
  program: 'npm run bench:pipeline --',
  summary: 'The whole weekly_retraining pipeline on the corpus: wall time against the sum of its critical-path steps.',
  options: { epochs: { type: 'string', value: '<n>', description: "training epochs (default: the DAG's own default)" } },
  positionals: [],
} as const satisfies DocumentedCommandLine;

async function main(): Promise<void> {
  const args = readCommandLine(ARGS);
  if (!args) return;
  const epochs = integerOption(args, 'epochs', undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'factory-bench-pipeline-'));
  const config = loadConfig({ DATA_DIR: dataDir, TEMPORAL_PORT: String(await freePort()), TEMPORAL_UI_PORT: String(await freePort()), LOG_LEVEL: 'warn' });
  const logger = createLogger({ level: 'warn', pretty: false });
  const stack = await startStack(config, logger);
  const connection = await NativeConnection.connect(stack.temporal.connectionOptions);
  try {
    await seedCorpus(stack.pool, logger);
    const workers = await createWorkers({
      connection,
      namespace: stack.temporal.namespace,
      queues: ['cpu', 'gpu'],
      deps: { pool: stack.pool, store: stack.store, logger },
      logger,
      shutdownGraceTime: 5_000,
    });
    const client = new Client({ connection: await Connection.connect(stack.temporal.connectionOptions), namespace: stack.temporal.namespace });
    const workflowId = retrainingWorkflowId('bench', CORPUS_LOGICAL_DATE);
    const running = Promise.all(workers.map((w) => w.run()));
    const state = await Promise.race([
      running.then(() => undefined),
      (async () => {
        const started = Date.now();
        const handle = await client.workflow.start('weekly_retraining', {
          taskQueue: TASK_QUEUES.cpu,
          workflowId,
          args: [{ params: { modelName: 'bench', ...(epochs ? { epochs } : {}) }, logicalDate: CORPUS_LOGICAL_DATE, runKind: 'manual' }],
        });
        await handle.result();
        const wallMs = Date.now() - started;
        const dagState = await handle.query<DagRunState>('getDagState');
        for (const w of workers) w.shutdown();
        return { wallMs, dagState };
      })(),
    ]);
    await running;
    if (!state) throw new Error('workers stopped before the run finished');
    const rows = state.dagState.tasks.map((t) => ({ task: t.taskId, state: t.state, ms: t.startedAt && t.endedAt ? t.endedAt - t.startedAt : 0 }));
    const pathMs = rows.filter((r) => CRITICAL_PATH.includes(r.task)).reduce((sum, r) => sum + r.ms, 0);
    process.stdout.write(`\nweekly_retraining on the corpus (logical date ${CORPUS_LOGICAL_DATE})\n`);
    process.stdout.write(`${'task'.padEnd(22)}${'state'.padEnd(10)}${'ms'.padStart(9)}\n`);
    for (const r of rows) process.stdout.write(`${r.task.padEnd(22)}${r.state.padEnd(10)}${String(r.ms).padStart(9)}\n`);
    const ratio = state.wallMs / pathMs;
    process.stdout.write(`wall ${state.wallMs} ms · critical-path steps ${pathMs} ms · ratio ${ratio.toFixed(3)} (1.0 = no orchestration overhead)\n`);
    process.stdout.write(`${JSON.stringify({ bench: 'pipeline', wallMs: state.wallMs, criticalPathMs: pathMs, ratio, tasks: rows })}\n`);
    await client.connection.close();
  } finally {
    await connection.close();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
