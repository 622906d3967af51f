import { z } from 'zod';
import { FactoryClientError } from '../../client/errors';
import { ROLLOUT_ACTIONS, steerRollout } from '../../client/operator';
import { formatZodIssues } from '../../common/validation';
import { RegistryError } from '../../lib/registry/errors';
import { TemporalUnavailableError } from '../../lib/temporal/errors';
import type { ActionResult, Actor, ConsoleAction, ConsoleDeps } from './types';

const workflowId = z.string().trim().min(1, 'a workflow id such as "weekly_retraining/spam/2002-W40"').max(1000);
const version = z.number().int().positive();
const taskId = z.string().trim().min(1, 'a task id such as "train_model"');
const reason = z.string().trim().max(2_000);

const ActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('approve'),
    workflowId,
    // The version reviewed is required to approve: the run refuses it when another one awaits.
    version: version.describe('the version reviewed'),
    model: z.string().min(1).optional(),
    reason: reason.optional(),
    taskId: taskId.optional(),
  }),
  z.strictObject({
    kind: z.literal('reject'),
    workflowId,
    version: version.optional(),
    model: z.string().min(1).optional(),
    reason: reason.optional(),
    taskId: taskId.optional(),
  }),
  z.strictObject({ kind: z.enum(['retry', 'skip']), workflowId, taskId }),
  z.strictObject({ kind: z.literal('fail-run'), workflowId }),
  z.strictObject({ kind: z.literal('rollout'), workflowId, step: z.enum(ROLLOUT_ACTIONS), reason: reason.optional() }),
  z.strictObject({
    kind: z.literal('rollback'),
    model: z.string().min(1),
    reason: reason.min(1, 'why the champion is rolled back'),
    to: version.optional(),
    from: version.optional(),
  }),
]);

const ActorSchema = z.strictObject({
  name: z
    .string()
    .max(200)
    .refine((name) => name.trim() !== '', 'who acts: a name such as "ana"'),
  via: z.literal('console'),
});

/**
 * Performs an operator action in the name of `actor`, through the client (approval with the
 * version reviewed, retry, skip, fail run, a rollout's pause, resume, promote now and abort) or
 * the registry (rollback, which keeps who and why in the alias history). A refusal (the run's validator, the registry, an unreachable server) and bad
 * input come back as `{ ok: false, message }` and change nothing.
 */
export async function act(deps: ConsoleDeps, action: ConsoleAction, actor: Actor): Promise<ActionResult> {
  const who = ActorSchema.safeParse(actor, { reportInput: true });
  if (!who.success) return { ok: false, message: formatZodIssues(who.error, { prefix: 'actor' }).join('; ') };
  const parsed = ActionSchema.safeParse(action, { reportInput: true });
  if (!parsed.success) return { ok: false, message: formatZodIssues(parsed.error, { prefix: 'action' }).join('; ') };
  const a = parsed.data;
  const by = who.data.name.trim();
  try {
    switch (a.kind) {
      case 'approve':
      case 'reject': {
        const input = {
          workflowId: a.workflowId,
          by,
          ...(a.reason ? { reason: a.reason } : {}),
          ...(a.version !== undefined ? { version: a.version } : {}),
          ...(a.model !== undefined ? { model: a.model } : {}),
          ...(a.taskId !== undefined ? { taskId: a.taskId } : {}),
        };
        const outcome = a.kind === 'approve' ? await deps.client.approvePromotion(input) : await deps.client.rejectPromotion(input);
        const subject = a.version !== undefined ? ` v${a.version}` : '';
        return { ok: true, message: `${outcome.decision === 'approve' ? 'approved' : 'rejected'}${subject} by ${outcome.by}` };
      }
      case 'retry': {
        const status = await deps.client.retryTask(a.workflowId, a.taskId);
        return { ok: true, message: `${a.taskId} runs again (try ${status.tries}, ${status.state}); retried by ${by}` };
      }
      case 'skip': {
        const status = await deps.client.skipTask(a.workflowId, a.taskId);
        return { ok: true, message: `${a.taskId} is ${status.state}; skipped by ${by}` };
      }
      case 'fail-run':
        await deps.client.failRun(a.workflowId);
        return { ok: true, message: `the run is stopping as failed; failed by ${by}` };
      case 'rollout': {
        const control = await steerRollout(deps.client.temporal, a.workflowId, a.step, { by, ...(a.reason ? { reason: a.reason } : {}) });
        const done = { pause: 'paused', resume: 'resumed', promote: 'promoting now', abort: 'aborting' }[a.step];
        const command = { pause: control.paused, resume: control.resumed, promote: control.promoteNow, abort: control.abort }[a.step];
        return { ok: true, message: `rollout ${done} by ${by}${command ? `: ${command.reason}` : ''}` };
      }
      case 'rollback': {
        if (typeof deps.registry.rollback !== 'function') return { ok: false, message: 'this console reads the registry only: rollback is not available' };
        const move = await deps.registry.rollback(a.model, {
          actor: by,
          reason: a.reason,
          ...(a.to !== undefined ? { to: a.to } : {}),
          ...(a.from !== undefined ? { from: a.from } : {}),
        });
        const v = (n: number | null) => (n === null ? 'none' : `v${n}`);
        return move.changed
          ? { ok: true, message: `${a.model} champion: ${v(move.from)} → ${v(move.to)}; rolled back by ${by}` }
          : { ok: true, message: `${a.model} champion stays ${v(move.to)}: already rolled back` };
      }
    }
  } catch (err) {
    if (err instanceof FactoryClientError || err instanceof RegistryError || err instanceof TemporalUnavailableError)
      return { ok: false, message: err.message };
    throw err;
  }
}
