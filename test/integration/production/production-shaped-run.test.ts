import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { prepareRun, startPrepared } from '../../../client/start-run';
import type { DagRunResult } from '../../../common/dag';
import { SEARCH_ATTRIBUTES } from '../../../common/search-attributes';
import { TASK_QUEUES } from '../../../common/task-queues';
import { S3ArtifactStore } from '../../../lib/artifacts';
import { readBuildInfo } from '../../../lib/build-info';
import { createPool } from '../../../lib/db';
import { createLogger } from '../../../lib/logger';
import { PACKAGE_ROOT } from '../../../lib/package-root';
import { ModelRegistry } from '../../../lib/registry';
import { seedCorpus } from '../../../lib/source';
import { checkpointKey } from '../../../lib/training';
import { eventually } from '../dag/harness';
import { startSeaweedS3, type RunningS3 } from '../../support/seaweed-s3';
import { killStartedProcesses, startBuilt, tempDataDir, type StartedProcess } from '../../support/start-process';
import { startTemporalCluster, type RunningTemporalCluster } from '../../support/temporal-cluster';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';

// Issue 10: the pipeline as it is deployed, on one machine. A Temporal cluster (the server binary,
// PostgreSQL for persistence and visibility) instead of the dev server; the project's metadata on
// a PostgreSQL server of its own, as a team's database would be; artifacts in S3 (SeaweedFS); and
// worker processes from the build (`node dist/workers/*.js`), two cpu and one gpu. While
// weekly_retraining runs, the gpu worker is SIGKILLed mid-training and a new one resumes from the
// checkpoint in S3, and the cpu workers are restarted one at a time, as a deploy rolls them.

const BUCKET = 'factory-artifacts';
const PREFIX = 'production';
const MODEL = 'production';
const LOGICAL_DATE = '2002-09-30T03:00:00Z';
// Enough epochs that the kill lands mid-training; the gate floor as in the retraining test (the
// model scores about 0.94 F1 on this holdout after 4 epochs).
const EPOCHS = 10;
const KILL_AFTER_CHECKPOINT = 2;
const PARAMS = { modelName: MODEL, epochs: EPOCHS, gate: { minimum: { f1: 0.9, rocAuc: 0.95 } } };
// A cpu worker drains its in-flight activities for this long on SIGTERM.
const SHUTDOWN_GRACE_MS = 60_000;
const READY = /"msg":"worker process running/;

function phase(name: string, ms: number): void {
  process.stdout.write(`# ${name}: ${(ms / 1000).toFixed(1)} s\n`);
}

/** Epochs whose checkpoint a worker logged as committed, in order. */
function committedEpochs(output: string): number[] {
  return [...output.matchAll(/"epoch":(\d+),"saveSeconds":[^}]*"msg":"checkpoint committed"/g)].map((m) => Number(m[1]));
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The started (last attempt) and completed events of the run's one activity of this type. */
function activityEvents(events: HistoryEvent[], activityType: string) {
  const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType);
  assert.ok(scheduled?.eventId, `${activityType} was scheduled`);
  const of = (attributes: { scheduledEventId?: unknown } | null | undefined) => String(attributes?.scheduledEventId) === String(scheduled.eventId);
  const started = events.find((e) => of(e.activityTaskStartedEventAttributes))?.activityTaskStartedEventAttributes;
  const completed = events.find((e) => of(e.activityTaskCompletedEventAttributes))?.activityTaskCompletedEventAttributes;
  assert.ok(started && completed, `${activityType} completed`);
  return { started, completed };
}

describe('weekly_retraining on a production-shaped deployment', () => {
  let cluster: RunningTemporalCluster;
  let metadata: TestPostgres;
  let s3: RunningS3;
  let connection: Connection;
  let client: Client;
  let store: S3ArtifactStore;

  before(async () => {
    const started = Date.now();
    // One after the other: each picks free ports before binding them, so starting them together
    // let two servers pick the same port (seen once in CI: SeaweedFS's filer lost to the cluster).
    cluster = await startTemporalCluster();
    metadata = await startTestPostgres();
    s3 = await startSeaweedS3();
    const { postgresMs, schemaMs, serverMs, namespaceMs } = cluster.timings;
    phase('Temporal cluster: PostgreSQL up', postgresMs);
    phase('Temporal cluster: databases and schemas (sql tool)', schemaMs);
    phase('Temporal cluster: server start to frontend answering', serverMs);
    phase('Temporal cluster: namespace and search attributes registered', namespaceMs);
    await s3.createBucket(BUCKET);
    await seedCorpus(metadata.pool, createLogger({ level: 'warn', pretty: false }));
    phase('servers ready (cluster, metadata PostgreSQL seeded, SeaweedFS)', Date.now() - started);
    connection = await Connection.connect({ address: cluster.address });
    client = new Client({ connection, namespace: cluster.namespace });
    store = new S3ArtifactStore({ bucket: BUCKET, prefix: PREFIX, region: s3.region, endpoint: s3.endpoint });
  });

  after(async () => {
    killStartedProcesses();
    await connection?.close();
    await Promise.all([cluster?.stop(), metadata?.stop(), s3?.stop()]);
  });

  const workerEnv = (): Record<string, string> => ({
    TEMPORAL_ADDRESS: cluster.address,
    TEMPORAL_NAMESPACE: cluster.namespace,
    DATABASE_URL: metadata.url,
    ARTIFACT_STORE: `s3://${BUCKET}/${PREFIX}`,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_REGION: s3.region,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'factory-test',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'factory-test',
    DATA_DIR: tempDataDir('factory-production-worker-'),
    SHUTDOWN_GRACE: `${SHUTDOWN_GRACE_MS}ms`,
    HEALTH_PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    // The build id is the build's own (package version + the commit dist/ was built from).
    FACTORY_BUILD_ID: '',
  });

  async function startWorker(kind: 'cpu' | 'gpu'): Promise<StartedProcess> {
    const worker = startBuilt(`dist/workers/${kind}-worker.js`, [], workerEnv());
    await worker.waitFor(READY, 180_000);
    // Ready as a probe sees it: the health endpoint answers 200 once its workers run.
    const port = Number(/"port":(\d+),"msg":"health endpoint on \/healthz"/.exec(worker.output())?.[1]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200, `${kind} worker /healthz: ${await health.text()}`);
    return worker;
  }

  async function assertInFlight(workflowId: string, when: string): Promise<void> {
    const { status } = await client.workflow.getHandle(workflowId).describe();
    assert.equal(status.name, 'RUNNING', `the run is still in flight ${when}`);
  }

  /** SIGTERM drains the worker: it exits 0 after its activities finish or hand back. */
  async function stopGracefully(worker: StartedProcess): Promise<void> {
    worker.child.kill('SIGTERM');
    assert.equal(await worker.exited(SHUTDOWN_GRACE_MS + 60_000), 0, worker.output().slice(-2000));
    assert.match(worker.output(), /"msg":"stopped"/);
  }

  test('survives a SIGKILLed gpu worker and a rolling restart of the cpu workers, and registers the model with its build and S3 artifacts', async () => {
    let started = Date.now();
    const cpu = [await startWorker('cpu'), await startWorker('cpu')];
    const gpu = await startWorker('gpu');
    phase('worker processes ready (2 cpu, 1 gpu, from dist/)', Date.now() - started);

    const runStarted = Date.now();
    const run = await startPrepared(client, TASK_QUEUES.cpu, prepareRun('weekly_retraining', { params: PARAMS, logicalDate: LOGICAL_DATE }));
    const runKey = `${run.workflowId}/${run.runId}/train_model`;

    // The kill waits for the event itself: the checkpoint of epoch 2 committed to S3.
    await gpu.waitFor(new RegExp(`"epoch":${KILL_AFTER_CHECKPOINT},"saveSeconds":[^}]*"msg":"checkpoint committed"`), 600_000);
    gpu.child.kill('SIGKILL');
    const killedAt = Date.now();
    await gpu.exited(30_000);
    const committedAtKill = Math.max(...committedEpochs(gpu.output()));
    assert.ok(committedAtKill < EPOCHS, `training finished (${committedAtKill} epochs) before the kill; raise EPOCHS so the kill lands mid-training`);
    assert.ok(await store.stat(store.uriFor(checkpointKey(runKey, committedAtKill))), `checkpoint of epoch ${committedAtKill} is in S3`);
    phase(`run start to SIGKILL of the gpu worker (epoch ${committedAtKill} of ${EPOCHS} committed)`, Date.now() - runStarted);

    // A rolling restart of the cpu workers while the run is in flight (train_model waits for a
    // gpu worker): one at a time, the next only once its replacement is ready, so a cpu worker
    // serves the workflow throughout. Everything after training then runs on the replacements.
    started = Date.now();
    for (const [i, old] of cpu.entries()) {
      await assertInFlight(run.workflowId, `before cpu worker ${i + 1} is stopped`);
      await stopGracefully(old);
      cpu[i] = await startWorker('cpu');
    }
    phase('rolling restart of both cpu workers', Date.now() - started);

    // The retry waits out the heartbeat timeout (30 s) since the kill; the new gpu worker takes it.
    await assertInFlight(run.workflowId, 'when the new gpu worker starts');
    const replacementGpu = await startWorker('gpu');
    await replacementGpu.waitFor(/"msg":"training started"/, 600_000);
    phase('SIGKILL to training resumed on the new gpu worker (heartbeat timeout 30 s)', Date.now() - killedAt);

    const handle = client.workflow.getHandle(run.workflowId, run.runId);
    const result = (await handle.result()) as DagRunResult;
    phase('run duration (start to result)', Date.now() - runStarted);

    // The run's outcome: trained, gated, registered, promoted.
    assert.equal(result.state, 'success', JSON.stringify(result.tasks));
    assert.equal(result.tasks.promote_auto?.state, 'success', JSON.stringify(result.tasks.gate_model));

    // The retry on the new gpu worker resumed from the checkpoint, not from epoch 0. The run's
    // result shows only small task outputs, so training's comes from the history.
    const events = (await handle.fetchHistory()).events ?? [];
    const training = activityEvents(events, 'trainModel');
    const trainingResult = training.completed.result?.payloads?.[0];
    assert.ok(trainingResult, 'train_model returned a result');
    const trained = defaultPayloadConverter.fromPayload<{ epochs: number; resumedFromEpoch?: number }>(trainingResult);
    assert.ok((training.started.attempt ?? 0) >= 2, `training completed on attempt ${training.started.attempt}`);
    assert.equal(trained.epochs, EPOCHS);
    assert.ok(trained.resumedFromEpoch !== undefined && trained.resumedFromEpoch >= committedAtKill, JSON.stringify(trained));
    const resumedLine = replacementGpu.output().match(/"resumedFromEpoch":(\d+)[^\n]*"msg":"training started"/);
    assert.equal(Number(resumedLine?.[1]), trained.resumedFromEpoch, 'the new gpu worker logged the resume');
    process.stdout.write(`# training: attempt ${training.started.attempt} resumed from epoch ${trained.resumedFromEpoch} of ${EPOCHS}\n`);
    // Temporal's retry of train_model on the new gpu worker is counted there, by DAG and task.
    const metricsPort = Number(/"port":(\d+),"msg":"metrics endpoint on \/metrics"/.exec(replacementGpu.output())?.[1]);
    const scraped = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const retries = scraped
      .split('\n')
      .filter((line) => line.startsWith('factory_dag_activity_retries_total{'))
      .find((line) => ['activity="trainModel"', 'dag="weekly_retraining"', 'task="train_model"'].every((label) => line.includes(label)));
    assert.ok(
      retries && Number(retries.split(' ').at(-1)) >= 1,
      `no train_model retry counted in:\n${scraped
        .split('\n')
        .filter((l) => l.startsWith('factory_'))
        .join('\n')}`,
    );
    const retrained = committedEpochs(replacementGpu.output());
    assert.ok(retrained.length > 0 && retrained.every((e) => e > committedAtKill), 'the new gpu worker trained only the epochs after the checkpoint');

    // The replacement cpu workers carried the run on: evaluation and the last workflow task ran
    // there (a worker's identity is pid@host).
    const byReplacement = (identity: string | null | undefined) => cpu.some((w) => identity?.startsWith(`${w.child.pid}@`) ?? false);
    const evaluation = activityEvents(events, 'evaluateModel');
    assert.ok(byReplacement(evaluation.started.identity), `evaluate_model ran on a replacement cpu worker (${evaluation.started.identity})`);
    const lastTask = [...events].reverse().find((e) => e.workflowTaskCompletedEventAttributes)?.workflowTaskCompletedEventAttributes;
    assert.ok(byReplacement(lastTask?.identity), `the last workflow task was completed by a replacement (${lastTask?.identity})`);

    // The registry row names the build that ran it, and its artifacts are in SeaweedFS.
    const registry = new ModelRegistry(metadata.pool);
    const champion = await registry.getChampion(MODEL);
    assert.ok(champion, 'the run registered a champion');
    assert.equal(champion.lineage.workflowId, run.workflowId);
    const build = readBuildInfo({}, PACKAGE_ROOT, join(PACKAGE_ROOT, 'dist', 'build-info.json'));
    assert.equal(champion.codeVersion, `weekly_retraining@v1 build ${build.id}`);
    for (const ref of [champion.artifacts.model, champion.artifacts.baseline, ...Object.values(champion.artifacts.reports)]) {
      assert.ok(ref.uri.startsWith(`s3://${BUCKET}/${PREFIX}/`), ref.uri);
      assert.equal((await store.stat(ref.uri))?.sha256, ref.sha256, `${ref.uri} is in SeaweedFS with its hash`);
    }

    // The cluster kept the run in PostgreSQL: history in `temporal`, the searchable record (with
    // the project's search attributes) in `temporal_visibility`.
    const persistence = createPool(cluster.databaseUrl('temporal'));
    const visibility = createPool(cluster.databaseUrl('temporal_visibility'));
    try {
      const executions = await persistence.query('SELECT count(*)::int AS n FROM executions WHERE workflow_id = $1', [run.workflowId]);
      assert.equal(executions.rows[0].n, 1);
      const visible = await eventually(
        async () => (await visibility.query('SELECT status FROM executions_visibility WHERE workflow_id = $1', [run.workflowId])).rows,
        (rows) => rows[0]?.status === 2 /* COMPLETED */,
        60_000,
      );
      assert.equal(visible.length, 1);
    } finally {
      await persistence.end();
      await visibility.end();
    }
    const query = `${SEARCH_ATTRIBUTES.dagId.name} = "weekly_retraining" AND ${SEARCH_ATTRIBUTES.modelName.name} = "${MODEL}" AND ExecutionStatus = "Completed"`;
    const listed = await eventually(
      async () => {
        const found: string[] = [];
        for await (const e of client.workflow.list({ query })) found.push(e.workflowId);
        return found;
      },
      (found) => found.includes(run.workflowId),
      60_000,
    );
    assert.deepEqual(listed, [run.workflowId]);

    for (const worker of [...cpu, replacementGpu]) await stopGracefully(worker);
  });
});
