export { createFactoryClient, type FactoryClient } from './factory-client';
export type {
  FactoryClientOptions,
  RunOptions,
  RunStatus,
  RunTask,
  RunView,
  StartedRun,
  StartRetrainingInput,
  StartRunInput,
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
  InvalidRunParamsError,
  RegistryNotConfiguredError,
  RunNotFoundError,
  UnknownDagError,
  type ClientErrorCode,
} from './errors';
export { prepareRun, type PreparedRun } from './start-run';
export { retrainingWorkflowId, runWorkflowId } from './workflow-ids';
export { TemporalUnavailableError } from '../lib/temporal';
