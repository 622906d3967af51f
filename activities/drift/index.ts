import { createMeasureDrift } from './measure-drift';
import { createMeasureLiveDrift } from './measure-live-drift';
import { createStartRetraining, type DriftActivityDeps } from './start-retraining';
import { createWritePerformanceReport } from './write-performance-report';

export type { MeasureDriftInput, MeasureLiveDriftInput, StartRetrainingInput, WritePerformanceReportInput } from './drift-inputs';
export type { DriftPsi, MeasureDriftResult } from './measure-drift';
export type { MeasureLiveDriftResult } from './measure-live-drift';
export type { PerformanceReportResult } from './write-performance-report';
export { retrainingWorkflowId, type DriftActivityDeps, type StartRetrainingResult } from './start-retraining';

/** Activities of the drift_monitor DAG (cpu task queue). */
export function createDriftActivities(deps: DriftActivityDeps) {
  return {
    measureDrift: createMeasureDrift(deps),
    measureLiveDrift: createMeasureLiveDrift(deps),
    writePerformanceReport: createWritePerformanceReport(deps),
    startRetraining: createStartRetraining(deps),
  };
}

export type DriftActivities = ReturnType<typeof createDriftActivities>;
