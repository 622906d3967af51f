import { createHash } from 'node:crypto';
import { ScheduleNotFoundError, type Client, type ScheduleOptions, type ScheduleUpdateOptions } from '@temporalio/client';
import { TASK_QUEUES } from '../common/task-queues';
import { checkCron } from './cron-check';
import { ScheduleDefinitionSchema, type ScheduleDefinition, type ScheduleDefinitionInput } from './schedule-types';
import { durationMs } from '../common/dag/duration';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

function fingerprint(definition: ScheduleDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 16);
}

/**
 * The fingerprint rides in the action's memo (also on every run the schedule starts): unlike the
 * schedule's own memo, update() can change it, so a changed definition is updated in place.
 */
const FINGERPRINT_MEMO_KEY = 'definitionFingerprint';

function toOptions(definition: ScheduleDefinition): ScheduleOptions & ScheduleUpdateOptions {
  return {
    scheduleId: definition.id,
    spec: { cronExpressions: [definition.cron], timezone: definition.timeZone },
    action: {
      type: 'startWorkflow',
      workflowType: definition.dag,
      taskQueue: TASK_QUEUES.cpu,
      // The logical date comes from TemporalScheduledStartTime, read by the DAG workflow.
      args: [{ params: definition.params, runKind: 'scheduled' }],
      workflowId: `${definition.dag}/scheduled`,
      staticSummary: `${definition.dag} from schedule ${definition.id}`,
      memo: { [FINGERPRINT_MEMO_KEY]: fingerprint(definition) },
    },
    policies: { overlap: definition.overlap, catchupWindow: durationMs(definition.catchupWindow) },
    state: { paused: definition.paused, note: definition.note || undefined },
  };
}

/**
 * Creates or updates each schedule so that Temporal matches the definitions; a definition whose
 * fingerprint (kept in the action's memo) is unchanged is left alone, so applying twice changes
 * nothing. A changed one is updated in place: same schedule, its history and recent actions
 * kept, and never a moment without it. Every definition is checked before the first call to the
 * server.
 */
export async function applySchedules(client: Client, inputs: readonly ScheduleDefinitionInput[]): Promise<Record<string, ApplyOutcome>> {
  const definitions = inputs.map((input) => ScheduleDefinitionSchema.parse(input));
  for (const d of definitions) checkCron(d.id, d.cron, d.timeZone);
  const outcomes: Record<string, ApplyOutcome> = {};
  for (const definition of definitions) {
    const options = toOptions(definition);
    const handle = client.schedule.getHandle(definition.id);
    try {
      const current = await handle.describe();
      const memo = current.action.type === 'startWorkflow' ? current.action.memo : undefined;
      if (memo?.[FINGERPRINT_MEMO_KEY] === fingerprint(definition)) {
        outcomes[definition.id] = 'unchanged';
        continue;
      }
      // The whole schedule is replaced from the definition, whatever the previous one held.
      await handle.update(() => options);
      outcomes[definition.id] = 'updated';
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      await client.schedule.create(options);
      outcomes[definition.id] = 'created';
    }
  }
  return outcomes;
}
