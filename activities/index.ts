import { createDagTestingActivities } from './dag-testing';
import { createDataActivities } from './data';
import { createDriftActivities } from './drift';
import { createEngineActivities } from './engine';
import type { ActivityDeps } from './deps';
import { createEvaluationActivities } from './evaluation';
import { createGateActivities } from './gate';
import { createRegistryActivities } from './registry';
import { createRecordOutcome } from './retraining/record-outcome';
import { createSkeletonCpuActivities, createSkeletonGpuActivities } from './skeleton/skeleton-activities';
import { createTrainingActivities } from './training';

export type { ActivityDeps } from './deps';

/** Activities registered on the `cpu` task queue. */
export function createCpuActivities(deps: ActivityDeps) {
  return {
    ...createEngineActivities(),
    ...createSkeletonCpuActivities(deps),
    ...createDataActivities(deps),
    ...createEvaluationActivities(deps),
    ...createGateActivities(),
    ...createRegistryActivities(deps),
    ...createDriftActivities(deps),
    recordRetrainingOutcome: createRecordOutcome(deps),
    // The dag_smoke_test DAG checks a deployment end to end from the Web UI; it needs these.
    ...createDagTestingActivities(),
  };
}

/** Activities registered on the `gpu` task queue (GPU nodes run only these). */
export function createGpuActivities(deps: ActivityDeps) {
  return { ...createSkeletonGpuActivities(deps), ...createTrainingActivities(deps) };
}

export type CpuActivities = ReturnType<typeof createCpuActivities>;
export type GpuActivities = ReturnType<typeof createGpuActivities>;
export type AllActivities = CpuActivities & GpuActivities;
