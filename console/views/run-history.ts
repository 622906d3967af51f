import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex, decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { optionalTsToMs } from '@temporalio/common/lib/time';

/** One activity execution of a task (a try: `train_model`, `train_model#2` after a retry), from history. */
export interface ActivityRecord {
  readonly activityId: string;
  readonly activityType?: string;
  /** Epoch milliseconds. */
  readonly scheduledAt?: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** The attempt that started last (Temporal records the start event when the activity closes). */
  readonly attempt?: number;
  readonly state: 'scheduled' | 'completed' | 'failed' | 'timed_out' | 'cancelled';
  /** Decoded input and result: the full values, where getDagState keeps only outputs up to 1 KiB. */
  readonly input?: unknown;
  readonly result?: unknown;
  readonly failure?: string;
}

/** A task's id from an activity id: `train_model#2` (operator retry) and `fan_out:1[3]` (mapped item) are their task's. */
export function taskIdOfActivity(activityId: string): string {
  return activityId.split(/[#:[]/)[0]!;
}

/**
 * The activities of one execution by task id, read from its history and decoded with the
 * client's data converter (so an encrypting codec is honoured). The weekly DAG's history is a
 * few hundred events; the console reads it for the run page only, not for lists.
 */
export async function activityHistory(client: Client, workflowId: string, runId?: string): Promise<Map<string, ActivityRecord[]>> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const converter = client.options.loadedDataConverter;
  const byEvent = new Map<string, { record: Mutable<ActivityRecord>; taskId: string }>();
  const byTask = new Map<string, ActivityRecord[]>();
  for (const event of history.events ?? []) {
    const at = optionalTsToMs(event.eventTime);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const activityId = scheduled.activityId ?? '';
      const record: Mutable<ActivityRecord> = {
        activityId,
        state: 'scheduled',
        ...(scheduled.activityType?.name ? { activityType: scheduled.activityType.name } : {}),
        ...(at !== undefined ? { scheduledAt: at } : {}),
        input: await decodeFromPayloadsAtIndex<unknown>(converter, 0, scheduled.input?.payloads).catch(() => undefined),
      };
      const taskId = taskIdOfActivity(activityId);
      byEvent.set(String(event.eventId), { record, taskId });
      byTask.set(taskId, [...(byTask.get(taskId) ?? []), record]);
      continue;
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const entry = byEvent.get(String(started.scheduledEventId));
      if (entry) Object.assign(entry.record, { ...(at !== undefined ? { startedAt: at } : {}), ...(started.attempt ? { attempt: started.attempt } : {}) });
      continue;
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const entry = byEvent.get(String(completed.scheduledEventId));
      if (entry) {
        const result = await decodeFromPayloadsAtIndex<unknown>(converter, 0, completed.result?.payloads).catch(() => undefined);
        Object.assign(entry.record, { state: 'completed', result, ...(at !== undefined ? { endedAt: at } : {}) });
      }
      continue;
    }
    const closed =
      (event.activityTaskFailedEventAttributes && { state: 'failed' as const, attrs: event.activityTaskFailedEventAttributes }) ||
      (event.activityTaskTimedOutEventAttributes && { state: 'timed_out' as const, attrs: event.activityTaskTimedOutEventAttributes }) ||
      (event.activityTaskCanceledEventAttributes && { state: 'cancelled' as const, attrs: event.activityTaskCanceledEventAttributes });
    if (closed) {
      const entry = byEvent.get(String(closed.attrs.scheduledEventId));
      if (!entry) continue;
      const failure =
        'failure' in closed.attrs ? await decodeOptionalFailureToOptionalError(converter, closed.attrs.failure).catch(() => undefined) : undefined;
      Object.assign(entry.record, { state: closed.state, ...(failure ? { failure: failure.message } : {}), ...(at !== undefined ? { endedAt: at } : {}) });
    }
  }
  return byTask;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The newest completed try of a task: its full input and result. */
export function lastCompletedRecord(history: ReadonlyMap<string, readonly ActivityRecord[]>, taskId: string): ActivityRecord | undefined {
  return [...(history.get(taskId) ?? [])].reverse().find((r) => r.state === 'completed');
}
