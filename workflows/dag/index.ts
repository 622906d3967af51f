export { dagWorkflow, runDag, type DagWorkflow } from './dag-workflow';
export { decideApprovalUpdate, failRunUpdate, getDagStateQuery, retryTaskUpdate, skipTaskUpdate, type ApprovalRequest } from './definitions';
export type { DagRunInput } from './run-input';
