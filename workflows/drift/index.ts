import { dagWorkflow } from '../dag';
import { driftMonitorDag } from './drift-monitor-dag';

export const drift_monitor = dagWorkflow(driftMonitorDag);
export { driftMonitorDag } from './drift-monitor-dag';
export { DRIFT_FAILURE_TYPES, type DriftFailureType } from './drift-failure-types';
export { DriftMonitorParamsSchema, type DriftMonitorParams } from './drift-monitor-params';
