import { createMeasureDrift } from './measure-drift';
import { createStartRetraining, type DriftActivityDeps } from './start-retraining';

export type { MeasureDriftInput, StartRetrainingInput } from './drift-inputs';
export type { DriftPsi, MeasureDriftResult } from './measure-drift';
export { retrainingWorkflowId, type DriftActivityDeps, type StartRetrainingResult } from './start-retraining';

/** Activities of the drift_monitor DAG (cpu task queue). */
export function createDriftActivities(deps: DriftActivityDeps) {
  return {
    measureDrift: createMeasureDrift(deps),
    startRetraining: createStartRetraining(deps),
  };
}

export type DriftActivities = ReturnType<typeof createDriftActivities>;
