import type { Context, Hono } from 'hono';
import { renderDagSvg, svgToPng } from '../../lib/graph';
import { parseActorName, rememberActor, rememberedActor } from '../access';
import { field, type ConsoleContext } from '../console-context';
import { formatDuration, runPath } from '../format';
import { RunLive, RunPage } from '../pages/run-page';
import { ROLLOUT_ACTIONS, type RolloutAction } from '../../client/operator';
import { act, runDetail, type ActionResult, type ConsoleAction, type RunDetail } from '../views';

/** The third line of a task's node: its progress, else its tries and duration. */
function graphLabels(run: RunDetail): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const t of run.tasks) {
    const parts = t.progress
      ? [`epoch ${t.progress.epoch}/${t.progress.epochs}`, t.progress.loss === undefined ? '' : `loss ${t.progress.loss.toFixed(3)}`]
      : [t.tries > 1 ? `try ${t.tries}` : '', t.durationMs === undefined ? '' : formatDuration(t.durationMs)];
    const label = parts.filter(Boolean).join(' · ');
    if (label) labels[t.id] = label;
  }
  return labels;
}

/**
 * Top to bottom: a page is narrower than it is long, and weekly_retraining's 13 tasks drawn left
 * to right are about 3100 px wide (about 1100 top to bottom). The PNG and SVG links draw the same.
 */
function graphOf(run: RunDetail, links: boolean): string | undefined {
  if (!run.spec) return undefined;
  return renderDagSvg(run.spec, {
    direction: 'TB',
    states: run.states,
    labels: graphLabels(run),
    ...(links ? { linkFor: (id: string) => `#task-${id}` } : {}),
  });
}

/** A notice carried in the query string after an action (POST, then redirect, then GET). */
function noticeOf(c: Context): { kind: 'ok' | 'error'; text: string } | undefined {
  const ok = c.req.query('done');
  const refused = c.req.query('refused');
  if (refused) return { kind: 'error', text: refused };
  return ok ? { kind: 'ok', text: ok } : undefined;
}

export function afterAction(path: string, result: ActionResult): string {
  return `${path}?${new URLSearchParams(result.ok ? { done: result.message } : { refused: result.message }).toString()}`;
}

const isRolloutAction = (step: string): step is RolloutAction => (ROLLOUT_ACTIONS as readonly string[]).includes(step);

/** `/runs/:workflowId`: the run's graph and tasks, live, and the operator's task actions. */
export function runRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/runs/:id', async (c) => {
    const run = await runDetail(ctx.deps, c.req.param('id'));
    const notice = noticeOf(c);
    return c.html(<RunPage frame={ctx.frame(c)} run={run} graphSvg={graphOf(run, true)} actor={rememberedActor(c)} {...(notice ? { notice } : {})} />);
  });

  app.get('/runs/:id/live', async (c) => {
    const run = await runDetail(ctx.deps, c.req.param('id'));
    return c.html(<RunLive run={run} graphSvg={graphOf(run, true)} operator={ctx.frame(c).access === 'operator'} />);
  });

  app.get('/runs/:id/graph.svg', async (c) => {
    const svg = graphOf(await runDetail(ctx.deps, c.req.param('id')), false);
    return svg ? c.body(svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' }) : c.notFound();
  });

  app.get('/runs/:id/graph.png', async (c) => {
    const svg = graphOf(await runDetail(ctx.deps, c.req.param('id')), false);
    if (!svg) return c.notFound();
    return c.body(new Uint8Array(svgToPng(svg)), 200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
  });

  const perform = async (c: Context, action: ConsoleAction) => {
    const body = await c.req.parseBody();
    const workflowId = c.req.param('id') ?? '';
    const actor = parseActorName(field(body, 'actor'));
    if (!actor.ok) return c.redirect(afterAction(runPath(workflowId), { ok: false, message: `${actor.message}; nothing was changed` }), 303);
    rememberActor(c, actor.name);
    const result = await act(ctx.deps, action, { name: actor.name, via: 'console' });
    return c.redirect(afterAction(runPath(workflowId), result), 303);
  };

  app.post('/runs/:id/tasks/:taskId/retry', (c) => perform(c, { kind: 'retry', workflowId: c.req.param('id'), taskId: c.req.param('taskId') }));
  app.post('/runs/:id/tasks/:taskId/skip', (c) => perform(c, { kind: 'skip', workflowId: c.req.param('id'), taskId: c.req.param('taskId') }));
  app.post('/runs/:id/fail', (c) => perform(c, { kind: 'fail-run', workflowId: c.req.param('id') }));
  app.post('/runs/:id/rollout/:step', async (c) => {
    const step = c.req.param('step');
    if (!isRolloutAction(step))
      return c.redirect(
        afterAction(runPath(c.req.param('id')), {
          ok: false,
          message: `rollout action ${JSON.stringify(step)}: expected one of ${ROLLOUT_ACTIONS.join(', ')}; nothing was changed`,
        }),
        303,
      );
    const reason = field(await c.req.parseBody(), 'reason').trim();
    return perform(c, { kind: 'rollout', workflowId: c.req.param('id'), step, ...(reason ? { reason } : {}) });
  });
  // Enter in the name field submits the form without a button: say which buttons there are.
  app.post('/runs/:id', (c) =>
    c.redirect(afterAction(runPath(c.req.param('id')), { ok: false, message: 'choose an action: the retry, skip, fail or rollout buttons' }), 303),
  );
}
