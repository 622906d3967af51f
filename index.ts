// The package's public entry: the typed client other services import.
export {
  ApprovalRejectedByValidatorError,
  CLIENT_ERROR_CODES,
  createFactoryClient,
  DAGS,
  FactoryClientError,
  InvalidRetrainingParamsError,
  InvalidRunParamsError,
  PROMOTION_APPROVAL_TASK,
  RegistryNotConfiguredError,
  retrainingWorkflowId,
  RunNotFoundError,
  TemporalUnavailableError,
  UnknownDagError,
  type ApprovalInput,
  type ClientErrorCode,
  type FactoryClient,
  type FactoryClientOptions,
  type RunOptions,
  type RunStatus,
  type RunTask,
  type RunView,
  type StartedRun,
  type StartRetrainingInput,
  type StartRunInput,
  type WeeklyRetrainingParamsInput,
} from './client';
export { WeeklyRetrainingParamsSchema, type WeeklyRetrainingParams } from './workflows/retraining/weekly-retraining-params';
export type { ApprovalOutcome, DagRunResult, DagRunState, TaskStatus } from './common/dag';
export type { ModelSummary } from './lib/registry';
