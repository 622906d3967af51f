// The package's root entry (`model-factory`): the typed client other services import. It loads
// the Temporal client only: never pg, the AWS SDK, tfjs or the worker (test/integration/package).
export * from './client';
export { WeeklyRetrainingParamsSchema, type WeeklyRetrainingParams } from './workflows/retraining/weekly-retraining-params';
export type { ApprovalOutcome, DagRunResult, DagRunState, TaskStatus } from './common/dag';
