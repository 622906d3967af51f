import { Context } from '@temporalio/activity';
import { ModelRegistry } from '../../lib/registry';
import type { ActivityDeps } from '../deps';

export interface RecordOutcomeInput {
  model: string;
  /** Absent when the run failed before registering a version. */
  version?: number;
  promoted: boolean;
  /** Why the candidate was not promoted: gate reasons, the approver's reason, or a timeout. */
  reason: string;
  actor: string;
}

export interface RecordOutcomeResult {
  outcome: 'promoted' | 'rejected' | 'not_registered';
  version?: number;
  reason: string;
}

/**
 * Teardown of the weekly pipeline: whatever happened, a registered candidate that did not become
 * champion is marked rejected with the reason, so the registry tells the whole story. A failed
 * gate or a rejected approval is an outcome, recorded here, not an error.
 */
export function createRecordOutcome({ pool, logger }: ActivityDeps) {
  const registry = new ModelRegistry(pool);
  return async function recordRetrainingOutcome(input: RecordOutcomeInput): Promise<RecordOutcomeResult> {
    if (input.version === undefined) return { outcome: 'not_registered', reason: input.reason };
    if (input.promoted) return { outcome: 'promoted', version: input.version, reason: input.reason };
    const workflowId = Context.current().info.workflowExecution?.workflowId;
    await registry.rejectVersion(input.model, input.version, { actor: input.actor, reason: input.reason, workflowId });
    logger.info({ modelName: input.model, modelVersion: input.version, reason: input.reason }, 'candidate rejected');
    return { outcome: 'rejected', version: input.version, reason: input.reason };
  };
}
