import type { Hono } from 'hono';
import { z } from 'zod';
import { formatZodIssues } from '../../common/validation';
import { parseActorName, rememberActor, rememberedActor } from '../access';
import { field, type ConsoleContext } from '../console-context';
import { runPath } from '../format';
import { ApprovalPage } from '../pages/approval-page';
import { act, approvalDetail } from '../views';
import { afterAction } from './run-routes';

const decisionSchema = z.object({
  decision: z.enum(['approve', 'reject'], 'approve or reject (the two buttons)'),
  taskId: z.string().min(1, 'the approval task (a hidden field of the form)'),
  model: z.string().optional(),
  version: z.coerce.number().int().positive('the version reviewed, a positive integer').optional(),
  reason: z.string().max(1000, 'at most 1000 characters').optional(),
});

/** `/runs/:workflowId/approval`: the evidence for a decision, and the decision with who and why. */
export function approvalRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/runs/:id/approval', async (c) => {
    const workflowId = c.req.param('id');
    const approval = await approvalDetail(ctx.deps, workflowId);
    const error = c.req.query('refused');
    return c.html(<ApprovalPage frame={ctx.frame(c)} workflowId={workflowId} approval={approval} actor={rememberedActor(c)} {...(error ? { error } : {})} />);
  });

  app.post('/runs/:id/approval', async (c) => {
    const workflowId = c.req.param('id');
    const body = await c.req.parseBody();
    const input = {
      decision: field(body, 'decision'),
      taskId: field(body, 'taskId'),
      ...(field(body, 'model') ? { model: field(body, 'model') } : {}),
      ...(field(body, 'version') ? { version: field(body, 'version') } : {}),
      ...(field(body, 'reason').trim() ? { reason: field(body, 'reason').trim() } : {}),
    };
    const parsed = decisionSchema.safeParse(input);
    const actor = parseActorName(field(body, 'actor'), 'reviewer');
    const problems = [...(parsed.success ? [] : formatZodIssues(parsed.error, { input })), ...(actor.ok ? [] : [actor.message])];
    if (!parsed.success || !actor.ok) {
      const approval = await approvalDetail(ctx.deps, workflowId);
      const error = `${problems.join('; ')}; nothing was decided`;
      return c.html(
        <ApprovalPage
          frame={ctx.frame(c)}
          workflowId={workflowId}
          approval={approval}
          actor={field(body, 'actor')}
          reason={field(body, 'reason')}
          error={error}
        />,
        400,
      );
    }
    rememberActor(c, actor.name);
    const d = parsed.data;
    const result = await act(
      ctx.deps,
      {
        kind: d.decision,
        workflowId,
        taskId: d.taskId,
        ...(d.model !== undefined ? { model: d.model } : {}),
        ...(d.version !== undefined ? { version: d.version } : {}),
        ...(d.reason !== undefined ? { reason: d.reason } : {}),
      },
      { name: actor.name, via: 'console' },
    );
    if (result.ok) return c.redirect(afterAction(runPath(workflowId), result), 303);
    const approval = await approvalDetail(ctx.deps, workflowId);
    return c.html(
      <ApprovalPage
        frame={ctx.frame(c)}
        workflowId={workflowId}
        approval={approval}
        actor={actor.name}
        reason={field(body, 'reason')}
        error={result.message}
      />,
      409,
    );
  });
}
