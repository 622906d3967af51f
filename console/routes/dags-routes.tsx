import type { Hono } from 'hono';
import { DAGS, getDag } from '../../client/dag-catalog';
import { renderDagSvg, svgToPng } from '../../lib/graph';
import { parseActorName, rememberActor, rememberedActor } from '../access';
import { stringFields, type ConsoleContext } from '../console-context';
import { runPath } from '../format';
import { DagsPage, TriggerPage } from '../pages/trigger-page';
import { submitTrigger, triggerForm } from '../views';

/** `/dags`: the catalog; `/dags/:dagId/trigger`: a run started from a form of the DAG's params. */
export function dagsRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/dags', (c) => c.html(<DagsPage frame={ctx.frame(c)} dags={Object.values(DAGS)} />));

  app.get('/dags/:dagId/graph.svg', (c) => c.body(renderDagSvg(getDag(c.req.param('dagId'))), 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' }));
  app.get('/dags/:dagId/graph.png', (c) => c.body(new Uint8Array(svgToPng(renderDagSvg(getDag(c.req.param('dagId'))))), 200, { 'Content-Type': 'image/png' }));

  app.get('/dags/:dagId/trigger', (c) => c.html(<TriggerPage frame={ctx.frame(c)} form={triggerForm(c.req.param('dagId'))} actor={rememberedActor(c)} />));

  app.post('/dags/:dagId/trigger', async (c) => {
    const dagId = c.req.param('dagId');
    const form = triggerForm(dagId);
    const { actor: actorField = '', ...values } = stringFields(await c.req.parseBody());
    const actor = parseActorName(actorField, 'actor');
    const shown = { ...values, actor: actorField };
    if (!actor.ok) {
      const errors = [{ field: 'actor', value: actorField, message: actor.message }];
      return c.html(<TriggerPage frame={ctx.frame(c)} form={form} values={shown} errors={errors} actor={actorField} />, 400);
    }
    rememberActor(c, actor.name);
    const result = await submitTrigger(ctx.deps, dagId, values, { name: actor.name, via: 'console' });
    if (!result.ok) return c.html(<TriggerPage frame={ctx.frame(c)} form={form} values={shown} errors={result.errors} actor={actor.name} />, 400);
    const message = result.alreadyRunning ? 'this week already has a run: showing it (nothing new was started)' : `started by ${actor.name}`;
    return c.redirect(`${runPath(result.workflowId)}?${new URLSearchParams({ done: message }).toString()}`, 303);
  });
}
