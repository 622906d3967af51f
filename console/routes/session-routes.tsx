import type { Hono } from 'hono';
import { field, safeNext, type ConsoleContext } from '../console-context';
import { LoginPage } from '../pages/message-page';

/** `/login` and `/logout`: the operator token, kept by the browser as an HttpOnly cookie. */
export function sessionRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/login', (c) => c.html(<LoginPage frame={ctx.frame(c)} next={safeNext(c.req.query('next'))} writable={ctx.access.writable} />));

  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const next = safeNext(field(body, 'next'));
    if (ctx.access.signIn(c, field(body, 'token'))) return c.redirect(next, 303);
    const error = ctx.access.writable ? 'the operator token is wrong' : 'this console is read-only: no operator token is configured';
    return c.html(<LoginPage frame={ctx.frame(c)} next={next} error={error} writable={ctx.access.writable} />, 403);
  });

  app.post('/logout', (c) => {
    ctx.access.signOut(c);
    return c.redirect('/', 303);
  });
}
