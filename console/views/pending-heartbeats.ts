import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { taskIdOfActivity } from './run-history';

/** The last heartbeat of a task's pending activity. */
export interface PendingHeartbeat {
  readonly activityId: string;
  readonly attempt?: number;
  /** The first heartbeat argument when it is an object (e.g. `{ phase, epoch, loss }`), else `{}`. */
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Heartbeat details of a run's pending activities by task id (the newest try of each), decoded
 * with the client's data converter. Temporal keeps them on the pending activity, not in history.
 */
export async function pendingHeartbeats(client: Client, description: WorkflowExecutionDescription): Promise<Map<string, PendingHeartbeat>> {
  const found = new Map<string, PendingHeartbeat>();
  for (const pending of description.raw.pendingActivities ?? []) {
    const activityId = pending.activityId ?? '';
    const decoded = await decodeArrayFromPayloads(client.options.loadedDataConverter, pending.heartbeatDetails?.payloads).catch(() => []);
    const first = decoded[0];
    const details = typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as Record<string, unknown>) : {};
    found.set(taskIdOfActivity(activityId), { activityId, ...(pending.attempt ? { attempt: pending.attempt } : {}), details });
  }
  return found;
}
