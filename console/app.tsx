import { Hono, type Context } from 'hono';
import { RunNotFoundError, UnknownDagError } from '../client/errors';
import { InvalidRegistryInputError, UnknownModelVersionError } from '../lib/registry/errors';
import { TemporalUnavailableError } from '../lib/temporal/errors';
import { AccessRefusedError, operatorAccess, sameOriginPosts } from './access';
import { consoleContext, type ConsoleContext } from './console-context';
import { MessagePage } from './pages/message-page';
import { approvalRoutes } from './routes/approval-routes';
import { artifactRoutes } from './routes/artifact-routes';
import { dagsRoutes } from './routes/dags-routes';
import { modelsRoutes } from './routes/models-routes';
import { runRoutes } from './routes/run-routes';
import { runsRoutes } from './routes/runs-routes';
import { sessionRoutes } from './routes/session-routes';
import { serveStaticAssets } from './static-assets';
import type { ConsoleDeps } from './views';

export interface ConsoleAppOptions {
  readonly deps: ConsoleDeps;
  /**
   * The token every action (POST) must carry, as a bearer header or the login cookie.
   * @default none: the console is read-only and refuses every action
   */
  readonly operatorToken?: string;
  /** Told about a failure that is not the visitor's (answered 500 without details). */
  readonly onError?: (err: unknown) => void;
}

/** Posts that need no token: signing in is how a browser gets it, signing out needs none. */
const OPEN_POSTS = new Set(['/login', '/logout']);

// The pages use inline style attributes (state colours) and htmx inserts its indicator styles.
const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";

function statusOf(err: unknown): { status: 400 | 401 | 403 | 404 | 503; title: string } | undefined {
  if (err instanceof AccessRefusedError) return { status: err.status, title: err.status === 401 ? 'Sign in to act' : 'Refused' };
  if (err instanceof RunNotFoundError || err instanceof UnknownDagError || err instanceof UnknownModelVersionError) return { status: 404, title: 'Not found' };
  if (err instanceof InvalidRegistryInputError) return { status: 400, title: 'Bad request' };
  if (err instanceof TemporalUnavailableError) return { status: 503, title: 'Temporal is unavailable' };
  return undefined;
}

/** The console as a Hono app: pages, fragments, actions and assets (startConsole serves it). */
export function createConsoleApp(options: ConsoleAppOptions): Hono {
  const app = new Hono();
  const ctx: ConsoleContext = consoleContext(options.deps, operatorAccess(options.operatorToken));

  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', PAGE_CSP);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'same-origin');
  });
  app.use('*', sameOriginPosts());
  // Before any route reads the body or acts: a refused action has changed nothing.
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST' && !OPEN_POSTS.has(c.req.path)) ctx.access.assertOperator(c);
    await next();
  });

  serveStaticAssets(app);
  app.get('/healthz', (c) => c.text('ok'));
  sessionRoutes(app, ctx);
  runsRoutes(app, ctx);
  runRoutes(app, ctx);
  approvalRoutes(app, ctx);
  dagsRoutes(app, ctx);
  modelsRoutes(app, ctx);
  artifactRoutes(app, ctx);

  const message = (c: Context, status: 400 | 401 | 403 | 404 | 500 | 503, title: string, text: string) => {
    const next = status === 401 ? (c.req.header('referer') ? new URL(c.req.header('referer') ?? '/').pathname : '/') : undefined;
    return c.html(<MessagePage frame={ctx.frame(c)} title={title} message={text} {...(next ? { next } : {})} />, status);
  };
  app.notFound((c) => message(c, 404, 'Not found', `nothing at ${c.req.path}: the console has /, /runs/<workflowId>, /dags and /models`));
  app.onError((err, c) => {
    const known = statusOf(err);
    if (known) return message(c, known.status, known.title, err.message);
    options.onError?.(err);
    return message(c, 500, 'Error', 'the console failed to answer this request (the error is in its log)');
  });
  return app;
}
