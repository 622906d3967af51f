import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCpuActivities, type ActivityDeps } from '../../../activities';
import { retrainingWorkflowId } from '../../../activities/drift';
import { runWorkflowId } from '../../../client';
import { parseDagParams, validateDag } from '../../../common/dag';
import { checkCron, driftMonitorSchedule, ScheduleDefinitionSchema } from '../../../schedules';
import { driftMonitorDag } from '../../../workflows/drift';

// Only the activity names matter here; the factories do not touch their deps when building.
const registeredActivities = Object.keys(createCpuActivities({} as ActivityDeps));

describe('drift_monitor DAG', () => {
  test('imports, validates and names only activities the cpu worker registers', () => {
    validateDag(driftMonitorDag, { registeredActivities });
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
