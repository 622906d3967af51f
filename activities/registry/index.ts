export {
  createRegistryActivities,
  type ChampionRef,
  type DecisionInput,
  type MarkChallengerInput,
  type MarkChallengerResult,
  type PromoteModelInput,
  type RegisterModelInput,
  type RegisterModelResult,
  type RegistryActivities,
  type RejectCandidateResult,
  type RollbackChampionInput,
  type VersionInput,
} from './registry-activities';
