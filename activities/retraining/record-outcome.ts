import { createRegistryActivities } from '../registry';
import type { ActivityDeps } from '../deps';

export interface RecordOutcomeInput {
  model: string;
  /** Absent when the run failed before registering a version. */
  version?: number;
  promoted: boolean;
  /** Why the candidate was not promoted: gate reasons, the approver's reason, or a timeout. */
  reason: string;
  actor: string;
  /** delivery progressive: the deploy_model run the challenger was handed to; it promotes or rolls back, not this run. */
  handedOver?: string;
}

export interface RecordOutcomeResult {
  outcome: 'promoted' | 'rejected' | 'not_registered' | 'handed_over';
  version?: number;
  reason: string;
}

/**
 * Teardown of the weekly pipeline: whatever happened, a registered candidate that did not become
 * champion is marked rejected with the reason, so the registry tells the whole story. A failed
 * gate or a rejected approval is an outcome, recorded here, not an error. The rejection itself
 * is the registry's `rejectCandidate` activity.
 */
export function createRecordOutcome(deps: ActivityDeps) {
  const { rejectCandidate } = createRegistryActivities(deps);
  return async function recordRetrainingOutcome(input: RecordOutcomeInput): Promise<RecordOutcomeResult> {
    if (input.version === undefined) return { outcome: 'not_registered', reason: input.reason };
    if (input.promoted) return { outcome: 'promoted', version: input.version, reason: input.reason };
    if (input.handedOver) return { outcome: 'handed_over', version: input.version, reason: input.reason };
    await rejectCandidate({ model: input.model, version: input.version, actor: input.actor, reason: input.reason });
    return { outcome: 'rejected', version: input.version, reason: input.reason };
  };
}
