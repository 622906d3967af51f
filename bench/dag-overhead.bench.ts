// DAG engine overhead against hand-written Temporal workflows calling the same no-op activity,
// on a local dev server started here. Run: npx tsx bench/dag-overhead.bench.ts [--skip-large] [--reps N]
// [--codec] (or BENCH_SKIP_LARGE=1). Prints a table and a JSON line.
import { randomBytes } from 'node:crypto';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { startTemporalTestEnv, uniqueTaskQueue } from '../lib/temporal/local-test-env';
import { createDagTestingActivities } from '../activities/dag-testing';
import { AesGcmPayloadCodec } from '../lib/codec';
import { integerOption } from '../cli/command-line';
import { readCommandLine, type DocumentedCommandLine } from '../cli/command-line-help';

interface Case {
  readonly name: string;
  readonly tasks: number;
  readonly raw: { readonly type: string; readonly args: unknown[] };
  readonly engine: string;
  readonly reps: number;
}

interface Measure {
  readonly wallMs: number;
  /** Per task: time from the activity completion that freed it to its scheduling. */
  readonly overheadsMs: number[];
  /** Workflow runs in the chain: more than one when the engine continued as new. */
  readonly runs: number;
}

const ARGS = {
  program: 'npm run bench:dag --',
  summary: 'DAG engine overhead against hand-written Temporal workflows calling the same no-op activity.',
  options: {
    'skip-large': { type: 'boolean', description: 'leave out case (c), 10 layers × 1000 tasks (or BENCH_SKIP_LARGE=1)' },
    reps: { type: 'string', value: '<n>', description: 'repetitions of cases (a) and (b) (default 3)' },
    codec: { type: 'boolean', description: 'also run each engine case with payload encryption (client and worker codec) and report codec / plain' },
  },
  positionals: [],
} as const satisfies DocumentedCommandLine;

function cases(skipLarge: boolean, reps: number): Case[] {
  return [
    { name: '(a) 200 sequential', tasks: 200, raw: { type: 'raw_sequential', args: [200] }, engine: 'engine_sequential_200', reps },
    { name: '(b) 10 layers × 100', tasks: 1000, raw: { type: 'raw_layers', args: [10, 100] }, engine: 'engine_layers_10x100', reps },
    ...(skipLarge
      ? []
      : [{ name: '(c) 10 layers × 1000', tasks: 10_000, raw: { type: 'raw_layers', args: [10, 1000] }, engine: 'engine_layers_10x1000', reps: 1 }]),
  ];
}

async function main(): Promise<void> {
  const args = readCommandLine(ARGS);
  if (!args) return;
  const reps = integerOption(args, 'reps', 3);
  const CASES = cases(args.flag('skip-large') || process.env.BENCH_SKIP_LARGE === '1', reps);
  const withCodec = args.flag('codec');
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const env = await startTemporalTestEnv();
  try {
    const taskQueue = uniqueTaskQueue('bench');
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./dag-overhead-workflows'), logger: new DefaultLogger('ERROR') });
    // DAG tasks name queue kinds; route them to this run's queue.
    const engineInput = { taskQueues: { cpu: taskQueue, gpu: taskQueue } };
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities: createDagTestingActivities() });
    // The same engine with the production codec (AES-256-GCM) on both sides, on a queue of its own.
    const dataConverter = { payloadCodecs: [new AesGcmPayloadCodec({ currentKeyId: 'bench', keys: new Map([['bench', randomBytes(32)]]) })] };
    const codecQueue = `${taskQueue}-codec`;
    const codecInput = { taskQueues: { cpu: codecQueue, gpu: codecQueue } };
    const codecClient = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter });
    const codecWorker = withCodec
      ? await Worker.create({
          connection: env.nativeConnection,
          taskQueue: codecQueue,
          workflowBundle,
          activities: createDagTestingActivities(),
          dataConverter,
        })
      : undefined;
    const measure = async () => {
      // Warm-up: first workflow tasks pay for V8 context creation and JIT.
      await run(env.client, taskQueue, 'raw_sequential', [20]);
      await run(env.client, taskQueue, 'engine_sequential_200', [engineInput]);
      if (codecWorker) await run(codecClient, codecQueue, 'engine_sequential_200', [codecInput]);
      const out = [];
      for (const c of CASES) {
        const raw: Measure[] = [];
        const engine: Measure[] = [];
        const codec: Measure[] = [];
        for (let r = 0; r < c.reps; r++) {
          raw.push(await run(env.client, taskQueue, c.raw.type, c.raw.args));
          engine.push(await run(env.client, taskQueue, c.engine, [engineInput]));
          if (codecWorker) codec.push(await run(codecClient, codecQueue, c.engine, [codecInput]));
        }
        out.push(summarise(c, raw, engine, codec));
        console.error(`done ${c.name}`);
      }
      return out;
    };
    const rows = await worker.runUntil(codecWorker ? codecWorker.runUntil(measure) : measure());
    printTable(rows);
    console.log(JSON.stringify({ bench: 'dag-overhead', cores: require('node:os').cpus().length, reps, rows }));
  } finally {
    await env.teardown();
  }
}

async function run(client: Client, taskQueue: string, type: string, wfArgs: unknown[]): Promise<Measure> {
  const workflowId = `${type}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const began = performance.now();
  const handle = await client.workflow.start(type, { taskQueue, workflowId, args: wfArgs });
  await handle.result();
  const wallMs = performance.now() - began;
  // Every run of the chain (the engine may continue-as-new), oldest first.
  const runIds: string[] = [];
  for await (const info of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) runIds.push(info.runId);
  const overheadsMs: number[] = [];
  for (const runId of runIds.reverse()) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    overheadsMs.push(...schedulingDelays(history.events ?? []));
  }
  return { wallMs, overheadsMs, runs: runIds.length };
}

function schedulingDelays(events: temporal.api.history.v1.IHistoryEvent[]): number[] {
  const delays: number[] = [];
  let lastFreed = -1;
  for (const e of events) {
    const t = ms(e.eventTime);
    if (e.workflowExecutionStartedEventAttributes) lastFreed = t;
    else if (e.activityTaskCompletedEventAttributes) lastFreed = t;
    else if (e.activityTaskScheduledEventAttributes && lastFreed >= 0) delays.push(t - lastFreed);
  }
  return delays;
}

function ms(ts: temporal.api.history.v1.IHistoryEvent['eventTime']): number {
  return Number(ts?.seconds ?? 0) * 1000 + (ts?.nanos ?? 0) / 1e6;
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

function median(values: number[]): number {
  return pct(values, 50);
}

function summarise(c: Case, raw: Measure[], engine: Measure[], codec: Measure[]) {
  const side = (m: Measure[]) => {
    const all = m.flatMap((x) => x.overheadsMs);
    const wall = median(m.map((x) => x.wallMs));
    return {
      wallMs: round(wall),
      runs: Math.max(...m.map((x) => x.runs)),
      perTaskMs: round(wall / c.tasks),
      overheadP50Ms: round(pct(all, 50)),
      overheadP95Ms: round(pct(all, 95)),
    };
  };
  const r = side(raw);
  const e = side(engine);
  const withCodec = codec.length > 0 ? side(codec) : undefined;
  return {
    case: c.name,
    tasks: c.tasks,
    reps: c.reps,
    raw: r,
    engine: e,
    ratio: round(e.wallMs / r.wallMs, 3),
    ...(withCodec ? { codec: withCodec, codecRatio: round(withCodec.wallMs / e.wallMs, 3) } : {}),
  };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function printTable(rows: ReturnType<typeof summarise>[]): void {
  const codec = rows.some((r) => r.codec);
  const header = [
    'case',
    'tasks',
    'raw wall ms',
    'engine wall ms',
    'ratio',
    'raw p50/p95 ms',
    'engine p50/p95 ms',
    'engine runs',
    ...(codec ? ['codec wall ms', 'codec / engine', 'codec p50/p95 ms'] : []),
  ];
  const lines = rows.map((r) => [
    r.case,
    String(r.tasks),
    String(r.raw.wallMs),
    String(r.engine.wallMs),
    r.ratio.toFixed(3),
    `${r.raw.overheadP50Ms}/${r.raw.overheadP95Ms}`,
    `${r.engine.overheadP50Ms}/${r.engine.overheadP95Ms}`,
    String(r.engine.runs),
    ...(r.codec ? [String(r.codec.wallMs), (r.codecRatio ?? NaN).toFixed(3), `${r.codec.overheadP50Ms}/${r.codec.overheadP95Ms}`] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const l of lines) console.log(fmt(l));
  console.log('overhead = time from the activity completion that freed a task to its ActivityTaskScheduled event (server clock)');
  if (codec) console.log('codec / engine = the same engine run with payloads encrypted (AES-256-GCM codec on client and worker), same server and run');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
