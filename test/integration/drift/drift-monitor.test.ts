import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDataActivities } from '../../../activities/data';
import {
  retrainingWorkflowId,
  type MeasureDriftResult,
  type MeasureLiveDriftResult,
  type PerformanceReportResult,
  type StartRetrainingResult,
} from '../../../activities/drift';
import type { DagRunResult } from '../../../common/dag';
import { TASK_QUEUES } from '../../../common/task-queues';
import { isoWeekLabel, startOfIsoWeek, WEEK_MS } from '../../../common/time';
import type { Pool } from '../../../lib/db';
import { ensurePartitions } from '../../../lib/serving/partitions';
import { saveHistory } from '../../replay/save-history';
import { ModelRegistry } from '../../../lib/registry';
import { startRealStack, type RealStack } from '../../support/real-stack';
import { registration } from '../registry/registration-fixture';

// The champion is trained on the 26 weeks up to 2002-09-16. The SpamAssassin corpus shifts in
// October (label-ratio PSI above 1 for a week of October events); mid-September events are part
// of the snapshot itself (PSI well below 0.2).
const MODEL = 'watched';
const DRIFTED_DAY = '2002-10-09T04:00:00Z';
const CALM_DAY = '2002-09-18T04:00:00Z';

describe('drift_monitor on the real stack and the SpamAssassin corpus', () => {
  let stack: RealStack;

  before(async () => {
    // cpu only: a drift-started retraining runs until its train_model waits for a gpu worker.
    stack = await startRealStack({
      queues: ['cpu'],
      // A champion registered directly with a real training snapshot: drift needs its dataset, not a trained model.
      async prepare(deps) {
        const { manifest } = await createDataActivities(deps).extractEvents({
          modelName: MODEL,
          dataInterval: { start: '2002-09-09T00:00:00Z', end: '2002-09-16T00:00:00Z' },
          trainingWeeks: 26,
          runKey: 'drift-test/extract_events',
        });
        const registry = new ModelRegistry(deps.pool);
        const { version } = await registry.registerVersion(registration(MODEL, 'drift-test/register_model', { datasetManifest: manifest }));
        await registry.promoteToChampion(MODEL, version.version, { actor: 'test', reason: 'champion for the drift test' });
      },
    });
  });
  after(() => stack?.stop());

  async function monitor(workflowId: string, logicalDate: string, params: Record<string, unknown> = {}, recordAs?: string) {
    const handle = await stack.env.client.workflow.start('drift_monitor', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId,
      args: [{ params: { modelName: MODEL, ...params }, logicalDate, runKind: 'manual' }],
    });
    const result = (await handle.result()) as DagRunResult;
    // RECORD_HISTORIES=1 writes the run where the replay test reads production histories.
    if (recordAs && process.env.RECORD_HISTORIES === '1') {
      saveHistory(stack.address, join(__dirname, '..', '..', 'histories', 'production'), recordAs, { workflowId, runId: handle.firstExecutionRunId });
    }
    return {
      result,
      measured: result.tasks.measure_drift?.output as MeasureDriftResult,
      live: result.tasks.measure_live_drift?.output as MeasureLiveDriftResult,
      report: result.tasks.write_performance_report?.output as PerformanceReportResult | undefined,
      started: result.tasks.start_retraining?.output as StartRetrainingResult | undefined,
    };
  }

  async function executions(workflowId: string): Promise<number> {
    let count = 0;
    for await (const _ of stack.env.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) count++;
    return count;
  }

  test('drift above the threshold starts exactly one retraining, under the business-key id', async () => {
    const { measured, started } = await monitor('drift_monitor/watched/2002-10-09', DRIFTED_DAY);
    assert.ok(measured.score !== null && measured.score > 0.2, measured.reason);
    assert.equal(started?.outcome, 'started');
    assert.equal(started.workflowId, 'weekly_retraining/watched/2002-W40');
    assert.equal(started.workflowId, retrainingWorkflowId(MODEL, DRIFTED_DAY));
    const described = await stack.env.client.workflow.getHandle(started.workflowId).describe();
    assert.equal(described.type, 'weekly_retraining');
    assert.equal(await executions(started.workflowId), 1);
  });

  test('running the monitor twice for the same day does not start a second retraining', async () => {
    const { started } = await monitor('drift_monitor/watched/2002-10-09/again', DRIFTED_DAY);
    assert.equal(started?.outcome, 'already running');
    assert.equal(started.workflowId, 'weekly_retraining/watched/2002-W40');
    assert.equal(await executions('weekly_retraining/watched/2002-W40'), 1);
  });

  test("a retraining already started under the week's id, not yet picked up by a worker, is not started again", async () => {
    const day = '2002-10-23T04:00:00Z';
    const workflowId = retrainingWorkflowId(MODEL, day);
    // As the main job would start it; no worker polls this queue, so it never sets its search attributes.
    await stack.env.client.workflow.start('weekly_retraining', {
      taskQueue: 'nobody-polls-this',
      workflowId,
      args: [{ params: { modelName: MODEL }, logicalDate: day }],
    });
    const { measured, started } = await monitor('drift_monitor/watched/2002-10-23', day, { lookbackDays: 14 });
    assert.ok(measured.score !== null && measured.score > 0.2, measured.reason);
    assert.deepEqual([started?.outcome, started?.workflowId], ['already running', workflowId]);
    assert.equal(await executions(workflowId), 1);
  });

  test('a retraining the Schedule started for the week (under its own id) owns the week and is not duplicated', async () => {
    const day = '2002-10-16T04:00:00Z';
    const key = retrainingWorkflowId(MODEL, day);
    // A Schedule names its runs `<id>-<fire time>`: the run forwards to the week's business key.
    const scheduled = (await stack.env.client.workflow.execute('weekly_retraining', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId: 'weekly_retraining/scheduled-2002-10-14T03:00:00Z',
      args: [{ params: { modelName: MODEL }, logicalDate: '2002-10-14T03:00:00Z', runKind: 'scheduled' }],
    })) as DagRunResult;
    assert.deepEqual([scheduled.state, scheduled.owner?.workflowId], ['forwarded', key]);
    const { measured, started } = await monitor('drift_monitor/watched/2002-10-16', day);
    assert.ok(measured.score !== null && measured.score > 0.2, measured.reason);
    assert.deepEqual([started?.outcome, started?.workflowId], ['already running', key]);
    assert.equal(await executions(key), 1);
  });

  test('drift below the threshold starts no retraining', async () => {
    const { measured, result } = await monitor('drift_monitor/watched/2002-09-18', CALM_DAY);
    assert.ok(measured.score !== null && measured.score <= 0.2, measured.reason);
    assert.equal(result.tasks.drift_above_threshold?.state, 'success');
    assert.equal(result.tasks.start_retraining?.state, 'skipped');
    assert.equal(await executions(retrainingWorkflowId(MODEL, CALM_DAY)), 0);
  });

  test('a model without a champion has no drift, and says so', async () => {
    const { measured, result } = await monitor('drift_monitor/unwatched/2002-10-09', DRIFTED_DAY, { modelName: 'unwatched' });
    assert.equal(measured.score, null);
    assert.match(measured.reason, /model "unwatched" has no champion/);
    assert.equal(result.tasks.start_retraining?.state, 'skipped');
    assert.equal(await executions(retrainingWorkflowId('unwatched', DRIFTED_DAY)), 0);
  });

  test("the champion's live scores moving from the week before start a retraining, and Monday's run writes the week's report", async () => {
    // Monday 00:00 UTC of this week: the live window is last week, compared with the week before.
    const monday = startOfIsoWeek(new Date());
    await ensurePartitions(stack.pg.pool, new Date(), { daysBehind: 16 });
    const champion = (await new ModelRegistry(stack.pg.pool).getChampion(MODEL))!.version;
    await logPredictions(stack.pg.pool, champion, new Date(monday.getTime() - 2 * WEEK_MS), 'calm');
    await logPredictions(stack.pg.pool, champion, new Date(monday.getTime() - WEEK_MS), 'shifted');
    const day = monday.toISOString();
    const { measured, live, report, started } = await monitor(`drift_monitor/watched/live-${day}`, day, {}, 'drift_monitor-v2-live-degraded-report');
    assert.equal(measured.score, null, 'no source events this week: the snapshot check gives no verdict');
    assert.equal(live.degraded, true, live.reason);
    assert.equal(live.predictions, 300);
    assert.ok(live.scorePsi !== null && live.scorePsi > 0.2, live.reason);
    assert.equal(live.agreement, 0.5);
    assert.equal(started?.outcome, 'started');
    assert.equal(started.workflowId, retrainingWorkflowId(MODEL, day));
    assert.equal((await stack.env.client.workflow.getHandle(started.workflowId).describe()).type, 'weekly_retraining');

    assert.ok(report, 'a Monday run writes the report');
    assert.equal(report.week, isoWeekLabel(new Date(monday.getTime() - WEEK_MS)));
    assert.deepEqual([report.predictions, report.labelled], [300, 300]);
    const [only] = report.versions;
    assert.deepEqual([only?.version, only?.role, only?.predictions], [champion, 'champion', 300]);
    assert.ok(only!.precision > 0 && only!.precision < 1 && only!.recall > 0, JSON.stringify(only));
    assert.ok(await stack.store.stat(report.scores.uri), 'the score picture is in the artifact store');
    assert.match(await readText(report.scores.uri), /<svg[\s\S]*v\d+ champion \(300\)/);
  });

  async function readText(uri: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of await stack.store.openRead(uri)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
});

/**
 * 300 answers of the champion across the week from `start`, each with a moderator's label.
 * `calm`: scores spread over [0, 1], every label confirmed. `shifted`: scores bunched near 0.5 and
 * half the labels overturned, as when the mail stream changed under the model.
 */
async function logPredictions(pool: Pool, version: number, start: Date, kind: 'calm' | 'shifted'): Promise<void> {
  const shifted = kind === 'shifted';
  await pool.query(
    `WITH logged AS (
       INSERT INTO prediction_log (prediction_id, model, version, role, shadow, score, label, threshold, latency_ms, created_at)
       SELECT gen_random_uuid(), $1, $2, 'champion', false, s, (s >= 0.5)::int, 0.5, 2 + i % 7, $3::timestamptz + i * interval '30 minutes'
         FROM generate_series(1, 300) AS i, LATERAL (SELECT CASE WHEN $4 THEN 0.45 + (i % 10) / 100.0 ELSE (i % 10) / 10.0 + 0.05 END AS s) AS x
       RETURNING prediction_id, label, created_at
     )
     INSERT INTO prediction_feedback (prediction_id, label, reviewer)
     SELECT prediction_id, CASE WHEN $4 AND extract(epoch FROM created_at)::bigint % 3600 = 0 THEN 1 - label ELSE label END, 'moderator' FROM logged`,
    [MODEL, version, start.toISOString(), shifted],
  );
}
