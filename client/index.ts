// The client entry: Temporal only. Registry reads load pg on first use; nothing here loads the
// worker, the artifact stores or tfjs (test/unit/client-entry.test.ts keeps it so).
export { createFactoryClient, DEFAULT_CALL_TIMEOUT_MS, type FactoryClient } from './factory-client';
export type {
  AttachOptions,
  AwaitingApproval,
  ExecutionStatusFilter,
  FactoryClientOptions,
  ListRunsFilter,
  RegistryPool,
  RunOptions,
  RunStatus,
  RunSummary,
  RunTask,
  RunView,
  StartedRun,
  StartRetrainingInput,
  StartRunInput,
  WaitForRunOptions,
  WeeklyRetrainingParamsInput,
} from './client-types';
export { PROMOTION_APPROVAL_TASK, type ApprovalInput } from './approval';
export { connectFromEnvironment, DEFAULT_TEMPORAL_ADDRESS, type ConnectedClient } from './connect';
export { DAGS, getDag } from './dag-catalog';
export {
  ApprovalRejectedByValidatorError,
  CLIENT_ERROR_CODES,
  FactoryClientError,
  InvalidRetrainingParamsError,
  InvalidCallArgumentError,
  InvalidRunFilterError,
  InvalidRunParamsError,
  RegistryNotConfiguredError,
  RunActionRefusedError,
  RunNotFoundError,
  RunParamsDifferError,
  RunWaitTimeoutError,
  UnknownDagError,
  type ClientErrorCode,
  type ParamDifference,
} from './errors';
export { runListQuery, type RunListQuery } from './list-runs';
export { ROLLOUT_ACTIONS, rolloutControl, steerRollout, type RolloutAction } from './operator';
export type { OperatorRequest, RolloutControl } from '../workflows/deploy/rollout-control';
export { deployWorkflowId } from '../workflows/deploy/deploy-workflow-id';
export { diffParams } from './params-diff';
export { artifactUris, type RegistryReads } from './registry-reads';
export { awaitingApprovalOf, outcomeOf, RUN_OUTCOMES, type OutcomeView, type RunOutcome } from './run-outcome';
export { prepareRun, type PreparedRun } from './start-run';
export { asTransportError, transportFailureOf } from './transport';
export { retrainingWorkflowId, runWorkflowId } from './workflow-ids';
export { TemporalUnavailableError } from '../lib/temporal/errors';
// The typed Query and Updates every DAG run answers, from their one home, for direct use with
// `handle.query(getDagStateQuery)` or `handle.executeUpdate(retryTaskUpdate, { args: [taskId] })`.
export { decideApprovalUpdate, failRunUpdate, getDagStateQuery, retryTaskUpdate, skipTaskUpdate, type ApprovalRequest } from '../workflows/dag/definitions';
export type { ApprovalAwaiting, ApprovalOutcome, DagRunResult, DagRunState, TaskStatus } from '../common/dag';
// Registry errors and types: dependency-free modules, so loading them loads no pg.
export {
  ChampionChangedError,
  InvalidRegistryInputError,
  REGISTRY_ERROR_CODES,
  RegistryError,
  UnknownModelVersionError,
  type RegistryErrorCode,
} from '../lib/registry/errors';
export type { AliasHistoryEntry, AliasState, ModelSummary, ModelVersion, StatusHistoryEntry, VersionStatus } from '../lib/registry/registry-types';
