// The console's data and actions: pages call these and render what they return, so pages stay thin.
export type * from './types';
export { act } from './actions';
export { approvalDetail, APPROVAL_METRICS } from './approval-detail';
export { artifactForDisplay, MAX_DISPLAY_BYTES } from './artifact-display';
export { ARTIFACT_ROUTE, artifactHref } from './links';
export { modelDetail, models } from './models';
export { outcomeCellOf } from './outcome-cell';
export { runDetail } from './run-detail';
export { buildRolloutView, rolloutSubject, stageOf } from './rollout-detail';
export { DEFAULT_RUN_LIMIT, listRuns, runsGrid, runsOverview } from './run-list';
export { submitTrigger } from './submit-trigger';
export { PARAMS_PREFIX, RUN_OPTION_FIELDS, triggerForm } from './trigger-form';
