// `model-factory/dags`: what a team needs to define its own DAGs: the typed builder and its types
// (deterministic, workflow-safe code) and `dagWorkflow`, which turns a DAG into the workflow
// function a worker serves. Loads @temporalio/workflow and zod only.
export * from './common/dag';
export { dagWorkflow, decideApprovalUpdate, failRunUpdate, getDagStateQuery, retryTaskUpdate, skipTaskUpdate, type DagWorkflow } from './workflows/dag';
export type { DagRunInput } from './workflows/dag';
