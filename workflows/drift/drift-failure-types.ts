/**
 * ApplicationFailure types the drift activities throw for failures no retry can fix. The DAG
 * lists exactly these as non-retryable and the activities throw them by these names, so the list
 * cannot again name types nothing throws. Plain constants: safe in workflow code.
 */
export const DRIFT_FAILURE_TYPES = {
  /** An activity's input failed its schema (measure_drift, start_retraining). */
  invalidInput: 'InvalidInput',
  /** The source configuration is invalid (lib/source SourceConfigError). */
  sourceConfigInvalid: 'SourceConfigInvalid',
  /** The source table or its columns do not exist (lib/source SourceNotFoundError). */
  sourceNotFound: 'SourceNotFound',
} as const;

export type DriftFailureType = (typeof DRIFT_FAILURE_TYPES)[keyof typeof DRIFT_FAILURE_TYPES];
