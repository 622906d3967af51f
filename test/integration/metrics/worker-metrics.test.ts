import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { prepareRun, startPrepared } from '../../../client/start-run';
import type { DagRunResult } from '../../../common/dag';
import { TASK_QUEUES } from '../../../common/task-queues';
import { createLogger } from '../../../lib/logger';
import { DAG_METRICS, WORKER_METRICS } from '../../../lib/metrics';
import { seedCorpus } from '../../../lib/source';
import { eventually } from '../dag/harness';
import { killStartedProcesses, startCli, tempDataDir, type StartedProcess } from '../../support/start-process';
import { startTemporalTestEnv } from '../../support/temporal-test-env';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';
import { find, parsePrometheusText, type Sample } from './prometheus-text';

const LOGICAL_DATE = '2002-09-30T03:00:00Z';
// As test/integration/retraining: few epochs and a lowered F1 floor keep the run to seconds.
const FAST = { epochs: 3, gate: { minimum: { f1: 0.9, rocAuc: 0.95 } } };

// The production worker processes with METRICS_PORT: one cpu and one gpu process, as scaled out.
describe('worker processes export Prometheus metrics on METRICS_PORT', () => {
  let temporal: TestWorkflowEnvironment;
  let pg: TestPostgres;
  let cpu: StartedProcess;
  let gpu: StartedProcess;
  let cpuPort: number;
  let gpuPort: number;

  before(async () => {
    [temporal, pg] = await Promise.all([startTemporalTestEnv(), startTestPostgres()]);
    await seedCorpus(pg.pool, createLogger({ level: 'warn', pretty: false }));
    // One DATA_DIR: both processes share its artifact folder, as workers share a bucket.
    const env = { TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: pg.url, DATA_DIR: tempDataDir('factory-metrics-'), LOG_LEVEL: 'info', METRICS_PORT: '0' };
    cpu = startCli('workers/cpu-worker.ts', [], env);
    gpu = startCli('workers/gpu-worker.ts', [], env);
    await Promise.all([cpu.waitFor(/worker process running/, 180_000), gpu.waitFor(/worker process running/, 180_000)]);
    cpuPort = metricsPortOf(cpu);
    gpuPort = metricsPortOf(gpu);
  });
  after(async () => {
    killStartedProcesses();
    await temporal?.teardown();
    await pg?.stop();
  });

  test('one weekly_retraining run shows up as runtime and engine metrics with their labels', async () => {
    const params = { modelName: 'metrics', ...FAST, approval: 'manual', approvalTimeout: '2s' };
    const started = await startPrepared(temporal.client, TASK_QUEUES.cpu, prepareRun('weekly_retraining', { params, logicalDate: LOGICAL_DATE }));
    const result = (await temporal.client.workflow.getHandle(started.workflowId, started.runId).result()) as DagRunResult;
    assert.equal(result.state, 'success', JSON.stringify(result.tasks));
    const refused = temporal.client.workflow.execute('dag_smoke_test', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId: 'metrics-refused-smoke',
      args: [{ params: { count: 0 } }],
    });
    await assert.rejects(refused, WorkflowFailedError);

    const cpuSamples = await scrapeUntil(cpuPort, (s) => find(s, DAG_METRICS.runsFinished, { dag: 'dag_smoke_test' }).length > 0);
    const gpuSamples = await scrapeUntil(gpuPort, (s) => find(s, WORKER_METRICS.trainingEpoch + '_count').length > 0);

    // The Temporal runtime's own metrics, from the SDK's core.
    assert.ok(one(cpuSamples, 'temporal_workflow_completed', { workflow_type: 'weekly_retraining' }).value >= 1);
    assert.ok(one(gpuSamples, 'temporal_activity_execution_latency_count', { activity_type: 'trainModel' }).value >= 1);

    // Runs by DAG and outcome; the refused run counts as started and as invalid.
    assert.equal(one(cpuSamples, DAG_METRICS.runsStarted, { dag: 'weekly_retraining', run_kind: 'manual' }).value, 1);
    assert.equal(one(cpuSamples, DAG_METRICS.runsFinished, { dag: 'weekly_retraining', outcome: 'success' }).value, 1);
    assert.equal(one(cpuSamples, DAG_METRICS.runsFinished, { dag: 'dag_smoke_test', outcome: 'invalid' }).value, 1);

    // A duration per task that ran, with its kind and outcome; skipped tasks never ran.
    for (const task of ['extract_events', 'train_model', 'evaluate_model', 'register_model', 'record_outcome']) {
      const count = one(cpuSamples, `${DAG_METRICS.taskDuration}_count`, { dag: 'weekly_retraining', task, kind: 'activity', outcome: 'success' });
      assert.equal(count.value, 1, task);
    }
    assert.deepEqual(find(cpuSamples, `${DAG_METRICS.taskDuration}_count`, { task: 'promote_auto' }), []);
    const trainSeconds = one(cpuSamples, `${DAG_METRICS.taskDuration}_sum`, { dag: 'weekly_retraining', task: 'train_model' }).value;
    assert.ok(trainSeconds > 0, `train_model took ${trainSeconds} s`);

    // The approval waited its 2 s timeout, then rejected by default.
    const waited = { dag: 'weekly_retraining', task: 'approve_promotion', decision: 'reject', timed_out: 'true' };
    assert.equal(one(cpuSamples, `${DAG_METRICS.approvalWait}_count`, waited).value, 1);
    assert.ok(one(cpuSamples, `${DAG_METRICS.approvalWait}_sum`, waited).value >= 2);

    // Extraction on the cpu worker, training on the gpu worker, holdout gauges of the registered version.
    assert.ok(one(cpuSamples, WORKER_METRICS.extractionRows, { model: 'metrics', activityType: 'extractEvents' }).value > 1000);
    assert.ok(one(cpuSamples, WORKER_METRICS.extractionRowsPerSecond, { model: 'metrics' }).value > 0);
    assert.equal(one(gpuSamples, `${WORKER_METRICS.trainingEpoch}_count`, { model: 'metrics', activityType: 'trainModel' }).value, FAST.epochs);
    assert.ok(one(gpuSamples, WORKER_METRICS.trainingSamplesPerSecond, { model: 'metrics' }).value > 0);
    const version = String(result.tasks.register_model?.output && (result.tasks.register_model.output as { version: number }).version);
    for (const metric of ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'pr_auc']) {
      const gauge = one(cpuSamples, WORKER_METRICS.holdoutMetric, { model: 'metrics', version, metric });
      assert.ok(gauge.value > 0 && gauge.value <= 1, `${metric} = ${gauge.value}`);
    }
    process.stdout.write(`# /metrics: cpu worker ${cpuSamples.length} samples, gpu worker ${gpuSamples.length} samples\n`);
  });

  test('a task that fails is counted by DAG, task and error type, and its run as failed', async () => {
    const params = { modelName: 'metricsinvalid', ...FAST, validation: { minRows: 1_000_000 } };
    const started = await startPrepared(temporal.client, TASK_QUEUES.cpu, prepareRun('weekly_retraining', { params, logicalDate: LOGICAL_DATE }));
    await assert.rejects(temporal.client.workflow.getHandle(started.workflowId, started.runId).result(), WorkflowFailedError);
    const failure = { dag: 'weekly_retraining', task: 'validate_dataset', error_type: 'DatasetInvalid' };
    const samples = await scrapeUntil(cpuPort, (s) => find(s, DAG_METRICS.taskFailures, failure).length > 0);
    assert.equal(one(samples, DAG_METRICS.taskFailures, failure).value, 1);
    assert.equal(one(samples, `${DAG_METRICS.taskDuration}_count`, { dag: 'weekly_retraining', task: 'validate_dataset', outcome: 'failed' }).value, 1);
    assert.equal(one(samples, DAG_METRICS.runsFinished, { dag: 'weekly_retraining', outcome: 'failed' }).value, 1);
    assert.equal(one(samples, DAG_METRICS.runsStarted, { dag: 'weekly_retraining', run_kind: 'manual' }).value, 2);
  });

  test('a METRICS_PORT another process holds stops the worker at start with a message naming it', async () => {
    const env = { TEMPORAL_ADDRESS: temporal.address, DATABASE_URL: pg.url, DATA_DIR: tempDataDir('factory-metrics-'), METRICS_PORT: String(cpuPort) };
    const second = startCli('workers/cpu-worker.ts', [], env);
    const code = await second.exited(180_000);
    assert.notEqual(code, 0);
    assert.match(second.output(), new RegExp(`METRICS_PORT=${cpuPort} is already in use by another program; choose a free port or unset it`));
    assert.doesNotMatch(second.output(), /worker process running/);
  });
});

function metricsPortOf(run: StartedProcess): number {
  const port = Number(/"port":(\d+),"msg":"metrics endpoint on \/metrics"/.exec(run.output())?.[1]);
  assert.ok(port > 0, `the worker logs its metrics port:\n${run.output().slice(-2000)}`);
  return port;
}

async function scrape(port: number): Promise<Sample[]> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(response.status, 200);
  return parsePrometheusText(await response.text());
}

/** Metrics reach the exporter shortly after the workflow task or activity that emitted them. */
function scrapeUntil(port: number, ready: (samples: Sample[]) => boolean): Promise<Sample[]> {
  return eventually(() => scrape(port), ready, 60_000);
}

function one(samples: readonly Sample[], name: string, labels: Record<string, string>): Sample {
  const found = find(samples, name, labels);
  assert.equal(found.length, 1, `one ${name} ${JSON.stringify(labels)}; found ${found.length}: ${JSON.stringify(found)}`);
  return found[0]!;
}
