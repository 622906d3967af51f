import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCpuActivities, type ActivityDeps } from '../../../activities';
import { retrainingWorkflowId } from '../../../activities/drift';
import { runWorkflowId } from '../../../client';
import { parseDagParams, validateDag, type RunContext } from '../../../common/dag';
import { checkCron, driftMonitorSchedule, ScheduleDefinitionSchema } from '../../../schedules';
import { driftMonitorDag, driftMonitorV1 } from '../../../workflows/drift';

// Only the activity names matter here; the factories do not touch their deps when building.
const registeredActivities = Object.keys(createCpuActivities({} as ActivityDeps));

describe('drift_monitor DAG', () => {
  test('imports, validates and names only activities the cpu worker registers, in both served versions', () => {
    validateDag(driftMonitorDag, { registeredActivities });
    validateDag(driftMonitorV1, { registeredActivities });
    assert.deepEqual([driftMonitorDag.version, driftMonitorV1.version], [2, 1]);
  });

  test('v2 measures live drift beside the snapshot drift and writes the report only on Mondays', () => {
    const tasks = Object.fromEntries(driftMonitorDag.tasks.map((t) => [t.id, t.deps]));
    assert.deepEqual(tasks, {
      measure_drift: [],
      measure_live_drift: [],
      drift_above_threshold: ['measure_drift', 'measure_live_drift'],
      start_retraining: ['drift_above_threshold', 'measure_drift', 'measure_live_drift'],
      is_report_day: [],
      write_performance_report: ['is_report_day'],
    });
    const reportDay = driftMonitorDag.tasks.find((t) => t.id === 'is_report_day');
    assert.ok(reportDay?.kind === 'short_circuit');
    const on = (logicalDate: string) => {
      const run: RunContext = {
        dagId: 'drift_monitor',
        workflowId: 'drift_monitor/spam',
        runId: 'run',
        logicalDate,
        dataInterval: { start: logicalDate, end: logicalDate },
        runKind: 'scheduled',
        logicalDateSource: 'schedule',
        dagVersion: 2,
        runScope: 'drift_monitor/spam/run',
      };
      return reportDay.condition({ params: {}, upstream: {}, run });
    };
    assert.deepEqual([on('2026-11-30T04:00:00Z'), on('2026-12-01T04:00:00Z')], [true, false]);
  });

  test('runs daily with params that default to the spam model and a PSI threshold of 0.2', () => {
    const schedule = ScheduleDefinitionSchema.parse(driftMonitorSchedule());
    assert.equal(schedule.dag, driftMonitorDag.id);
    checkCron(schedule.id, schedule.cron, schedule.timeZone);
    assert.deepEqual(parseDagParams('drift_monitor', driftMonitorDag.params, schedule.params), {
      modelName: 'spam',
      lookbackDays: 7,
      psiThreshold: 0.2,
      minRecentRows: 50,
      livePsiThreshold: 0.2,
      minPredictions: 200,
      minLabelled: 50,
      minAgreement: 0.8,
      retrainingParams: {},
    });
  });

  test('rejects a negative threshold, naming the field and the value', () => {
    assert.throws(() => parseDagParams('drift_monitor', driftMonitorDag.params, { psiThreshold: -1 }), /psiThreshold/);
  });

  test('starts retraining under the same business-key id as the main job, for every day of a week', () => {
    for (const day of ['2002-09-30T00:00:00Z', '2002-10-02T04:00:00Z', '2002-10-06T23:59:59Z']) {
      assert.equal(retrainingWorkflowId('spam', day), runWorkflowId('weekly_retraining', { modelName: 'spam' }, day));
      assert.equal(retrainingWorkflowId('spam', day), 'weekly_retraining/spam/2002-W39');
    }
  });
});
