import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { getDag } from '../../../client/dag-catalog';
import { prepareRun, startPrepared } from '../../../client/start-run';
import type { DagRunResult } from '../../../common/dag';
import { TASK_QUEUES } from '../../../common/task-queues';
import { LocalArtifactStore } from '../../../lib/artifacts';
import { createLogger } from '../../../lib/logger';
import { seedCorpus } from '../../../lib/source';
import { clientTracingInterceptors, startTracing, type Tracing } from '../../../lib/tracing';
import { createWorkers } from '../../../workers/create-workers';
import { eventually } from '../dag/harness';
import { startTemporalTestEnv } from '../../support/temporal-test-env';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';

const LOGICAL_DATE = '2002-09-30T03:00:00Z';
// As test/integration/metrics: few epochs and a lowered F1 floor keep the run to seconds.
const FAST = { epochs: 2, gate: { minimum: { f1: 0.9, rocAuc: 0.95 } } };
/** Task kinds that schedule an activity or a child workflow, so have a `dag.task` span. */
const SCHEDULING_KINDS = new Set(['activity', 'map', 'sensor', 'child_workflow']);

// Workers and a client in this process, one tracer provider with an in-memory exporter: what
// an OTLP collector would receive from the three processes, in one place.
describe('a run is one trace: client start, workflow, DAG tasks, activities, database and artifact phases', () => {
  let temporal: TestWorkflowEnvironment;
  let pg: TestPostgres;
  let tracing: Tracing;
  let workers: Worker[];
  let running: Promise<unknown>;
  let artifactsDir: string;
  const exporter = new InMemorySpanExporter();

  before(async () => {
    [temporal, pg] = await Promise.all([startTemporalTestEnv(), startTestPostgres()]);
    const logger = createLogger({ level: 'warn', pretty: false });
    await seedCorpus(pg.pool, logger);
    tracing = startTracing({ serviceName: 'tracing-test', spanExporter: exporter });
    artifactsDir = mkdtempSync(join(tmpdir(), 'factory-tracing-'));
    workers = await createWorkers({
      connection: temporal.nativeConnection,
      namespace: 'default',
      queues: ['cpu', 'gpu'],
      deps: { pool: pg.pool, store: new LocalArtifactStore(artifactsDir), logger },
      logger,
      shutdownGraceTime: 5_000,
      tracing,
    });
    running = Promise.all(workers.map((w) => w.run()));
  });
  after(async () => {
    for (const w of workers ?? []) if (w.getState() === 'RUNNING') w.shutdown();
    await running;
    await tracing?.shutdown();
    await pg?.stop();
    await temporal?.teardown();
    if (artifactsDir) rmSync(artifactsDir, { recursive: true, force: true });
  });

  test('weekly_retraining started by a traced client shows up as one trace with a span per DAG task', async () => {
    const client = new Client({ connection: temporal.connection, namespace: 'default', interceptors: { workflow: clientTracingInterceptors() } });
    const params = { modelName: 'traced', ...FAST };
    const started = await startPrepared(client, TASK_QUEUES.cpu, prepareRun('weekly_retraining', { params, logicalDate: LOGICAL_DATE }));
    const result = (await client.workflow.getHandle(started.workflowId, started.runId).result()) as DagRunResult;
    assert.equal(result.state, 'success', JSON.stringify(result.tasks));

    const ran = getDag('weekly_retraining').tasks.filter((t) => SCHEDULING_KINDS.has(t.kind) && result.tasks[t.id]?.state === 'success');
    assert.ok(ran.length >= 5, `tasks that ran: ${ran.map((t) => t.id).join(', ')}`);
    const expected = [
      'StartWorkflow:weekly_retraining',
      'RunWorkflow:weekly_retraining',
      ...ran.map((t) => `dag.task ${t.id}`),
      'RunActivity:extractEvents',
      'RunActivity:trainModel',
      'db.extract_events',
      'artifact.put',
      'training.epoch',
    ];
    // Workflow spans leave through the sink at the end of each workflow task; poll, generously.
    const spans = await eventually(
      async () => exporter.getFinishedSpans(),
      (all) => missing(all, expected).length === 0,
      60_000,
    );
    assert.deepEqual(missing(spans, expected), [], `spans seen: ${[...new Set(spans.map((s) => s.name))].join(', ')}`);

    const startSpan = spans.find((s) => s.name === 'StartWorkflow:weekly_retraining')!;
    const traceId = startSpan.spanContext().traceId;
    const inRun = spans.filter((s) => s.spanContext().traceId === traceId);
    const byId = new Map(inRun.map((s) => [s.spanContext().spanId, s]));
    // Every span of the run, workflow side and activity side, hangs under the client's start.
    for (const name of expected)
      assert.ok(
        inRun.some((s) => s.name === name),
        `${name} is in trace ${traceId}`,
      );
    for (const span of inRun) if (span !== startSpan) assert.ok(ancestors(span, byId).includes(startSpan), `${span.name} descends from StartWorkflow`);
    const activities = inRun.filter((s) => s.name.startsWith('RunActivity:'));
    assert.ok(activities.length >= ran.length, `${activities.length} activity spans for ${ran.length} tasks`);
    assert.deepEqual(
      spans.filter((s) => s.name.startsWith('RunActivity:') && s.spanContext().traceId !== traceId).map((s) => s.name),
      [],
      'no activity of the run is in another trace',
    );

    for (const task of ran) {
      const span = inRun.find((s) => s.name === `dag.task ${task.id}`)!;
      assert.deepEqual(
        { dag: span.attributes.dag, task: span.attributes.task, kind: span.attributes.kind },
        { dag: 'weekly_retraining', task: task.id, kind: task.kind },
      );
    }
    // An activity runs under its task: RunActivity:trainModel descends from dag.task train_model.
    const train = inRun.find((s) => s.name === 'RunActivity:trainModel')!;
    assert.ok(ancestors(train, byId).some((s) => s.name === 'dag.task train_model'));
    // Project spans are children of their activity's span.
    const epoch = inRun.find((s) => s.name === 'training.epoch')!;
    assert.equal(byId.get(epoch.parentSpanId!)?.name, 'RunActivity:trainModel');
    const put = inRun.find((s) => s.name === 'artifact.put' && String(s.attributes['artifact.uri']).includes('dataset'));
    assert.ok(put, 'the dataset artifact write has a span');
    assert.equal(put.attributes['artifact.store'], 'local');
    const extract = inRun.find((s) => s.name === 'db.extract_events')!;
    assert.ok(Number(extract.attributes['db.rows']) > 1000, `db.rows = ${extract.attributes['db.rows']}`);
    assert.equal(extract.resource.attributes['service.name'], 'tracing-test');
    process.stdout.write(`# trace ${traceId}: ${inRun.length} spans, ${ran.length} DAG task spans\n`);
  });
});

function missing(spans: readonly ReadableSpan[], names: readonly string[]): string[] {
  return names.filter((n) => !spans.some((s) => s.name === n));
}

function ancestors(span: ReadableSpan, byId: ReadonlyMap<string, ReadableSpan>): ReadableSpan[] {
  const out: ReadableSpan[] = [];
  for (let parent = span.parentSpanId && byId.get(span.parentSpanId); parent; parent = parent.parentSpanId && byId.get(parent.parentSpanId)) {
    out.push(parent);
  }
  return out;
}
