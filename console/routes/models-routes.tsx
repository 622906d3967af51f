import type { Hono } from 'hono';
import { parseActorName, rememberActor, rememberedActor } from '../access';
import { field, type ConsoleContext } from '../console-context';
import { ModelPage, ModelsPage } from '../pages/models-page';
import { act, modelDetail, models } from '../views';
import { afterAction } from './run-routes';

/** `/models`: the registry; `/models/:model`: versions, lineage, history and rollback. */
export function modelsRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/models', async (c) => c.html(<ModelsPage frame={ctx.frame(c)} view={await models(ctx.deps)} />));

  app.get('/models/:model', async (c) => {
    const model = await modelDetail(ctx.deps, c.req.param('model'));
    const refused = c.req.query('refused');
    const done = c.req.query('done');
    const notice = refused ? { kind: 'error' as const, text: refused } : done ? { kind: 'ok' as const, text: done } : undefined;
    return c.html(<ModelPage frame={ctx.frame(c)} model={model} actor={rememberedActor(c)} {...(notice ? { notice } : {})} />);
  });

  app.post('/models/:model/rollback', async (c) => {
    const name = c.req.param('model');
    const path = `/models/${encodeURIComponent(name)}`;
    const body = await c.req.parseBody();
    const actor = parseActorName(field(body, 'actor'));
    const reason = field(body, 'reason').trim();
    if (!actor.ok) return c.redirect(afterAction(path, { ok: false, message: `${actor.message}; nothing was changed` }), 303);
    if (!reason)
      return c.redirect(afterAction(path, { ok: false, message: 'reason: expected why the champion goes back (got nothing); nothing was changed' }), 303);
    rememberActor(c, actor.name);
    const result = await act(ctx.deps, { kind: 'rollback', model: name, reason }, { name: actor.name, via: 'console' });
    return c.redirect(afterAction(path, result), 303);
  });
}
