import { dagWorkflow } from '../dag';
import { driftMonitorDag } from './drift-monitor-dag';
import { driftMonitorV1 } from './drift-monitor-v1-dag';

// v2 adds the live checks and the weekly report; runs that started on v1 replay on v1.
export const drift_monitor = dagWorkflow(driftMonitorDag, driftMonitorV1);
export { driftMonitorDag } from './drift-monitor-dag';
export { driftMonitorV1 } from './drift-monitor-v1-dag';
export { DRIFT_FAILURE_TYPES, type DriftFailureType } from './drift-failure-types';
export { DriftMonitorParamsSchema, type DriftMonitorParams } from './drift-monitor-params';
