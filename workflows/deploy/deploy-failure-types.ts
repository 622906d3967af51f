/**
 * ApplicationFailure types the deploy activities throw for failures no retry can fix; the DAG
 * lists exactly these as non-retryable. Plain constants: safe in workflow code.
 */
export const DEPLOY_FAILURE_TYPES = {
  /** An activity's input failed its schema. */
  invalidInput: 'InvalidInput',
  /** The version cannot be rolled out: not a challenger, no champion to compare with, or the champion itself. */
  rolloutRefused: 'RolloutRefused',
  /** The serving tables refused a value (lib/serving InvalidServingInputError). */
  invalidServingInput: 'InvalidServingInput',
  /** Registry business failures (lib/registry error codes) that the rollout can meet. */
  unknownModelVersion: 'UnknownModelVersion',
  championChanged: 'ChampionChanged',
  invalidTransition: 'InvalidStatusTransition',
  invalidRegistryInput: 'InvalidRegistryInput',
} as const;

export type DeployFailureType = (typeof DEPLOY_FAILURE_TYPES)[keyof typeof DEPLOY_FAILURE_TYPES];
