import { createSmokeActivities } from './dag-testing/smoke-activities';
import { createDataActivities } from './data';
import { createDeployActivities } from './deploy';
import { createDriftActivities } from './drift';
import { createEngineActivities } from './engine';
import type { ActivityDeps } from './deps';
import { createEvaluationActivities } from './evaluation';
import { createGateActivities } from './gate';
import { createRegistryActivities } from './registry';
import { createRecordOutcome } from './retraining/record-outcome';
import { createTrainingActivities } from './training';

export type { ActivityDeps } from './deps';

/** Activities registered on the `cpu` task queue. */
export function createCpuActivities(deps: ActivityDeps) {
  return {
    ...createEngineActivities(),
    ...createDataActivities(deps),
    ...createEvaluationActivities(deps),
    ...createGateActivities(),
    ...createRegistryActivities(deps),
    ...createDriftActivities(deps),
    ...createDeployActivities(deps),
    recordRetrainingOutcome: createRecordOutcome(deps),
    // The dag_smoke_test DAG checks a deployment end to end from the Web UI; the rest of the
    // dag-testing set (failures on request, sleeps) and the walking skeleton are for tests only.
    ...createSmokeActivities(),
  };
}

/** Activities registered on the `gpu` task queue (GPU nodes run only these). */
export function createGpuActivities(deps: ActivityDeps) {
  return createTrainingActivities(deps);
}

export type CpuActivities = ReturnType<typeof createCpuActivities>;
export type GpuActivities = ReturnType<typeof createGpuActivities>;
export type AllActivities = CpuActivities & GpuActivities;
