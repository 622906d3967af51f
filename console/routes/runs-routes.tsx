import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { DAGS } from '../../client/dag-catalog';
import { InvalidRunFilterError } from '../../client/errors';
import { RUN_OUTCOMES } from '../../client/run-outcome';
import { formatZodIssues } from '../../common/validation';
import type { ConsoleContext } from '../console-context';
import { RunsLive, RunsPage, type RunsQuery } from '../pages/runs-page';
import { runsOverview, type RunFilter, type RunRow, type RunsGrid } from '../views';

const GRID_RUNS = 20;

const day = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')]);
const querySchema = z.object({
  dag: z.string().max(100).default(''),
  model: z.string().max(64).default(''),
  outcome: z.union([z.literal(''), z.enum(RUN_OUTCOMES, `one of ${RUN_OUTCOMES.join(', ')}`)]).default(''),
  from: day.default(''),
  to: day.default(''),
});

const EMPTY: RunsQuery = { dag: '', model: '', outcome: '', from: '', to: '' };

/** The runs filter of a request's query string, or the problems with it. */
function readQuery(c: Context): { query: RunsQuery; filter?: RunFilter; error?: string } {
  const raw = c.req.query();
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) return { query: { ...EMPTY, ...raw }, error: formatZodIssues(parsed.error, { input: raw }).join('; ') };
  const q = parsed.data;
  const filter: RunFilter = {
    ...(q.dag ? { dagId: q.dag } : {}),
    ...(q.model ? { model: q.model.trim() } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.from ? { from: `${q.from}T00:00:00.000Z` } : {}),
    ...(q.to ? { to: `${q.to}T23:59:59.999Z` } : {}),
  };
  return { query: q, filter };
}

async function load(ctx: ConsoleContext, filter: RunFilter | undefined): Promise<{ rows: RunRow[]; grid: RunsGrid; error?: string }> {
  const none = { rows: [], grid: { taskIds: [], runs: [] } };
  if (!filter) return none;
  try {
    // One listing for both; the grid keeps the most recent runs only, to stay one screen tall.
    const { rows, grid } = await runsOverview(ctx.deps, filter);
    return { rows, grid: { ...grid, runs: grid.runs.slice(0, GRID_RUNS) } };
  } catch (err) {
    if (err instanceof InvalidRunFilterError) return { ...none, error: err.message };
    throw err;
  }
}

/** `/`: every run with its outcome, filterable, and the grid of recent runs × tasks. */
export function runsRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/', async (c) => {
    const { query, filter, error } = readQuery(c);
    const data = await load(ctx, filter);
    const search = new URL(c.req.url).search;
    const problem = error ?? data.error;
    return c.html(
      <RunsPage
        frame={ctx.frame(c)}
        dagIds={Object.keys(DAGS)}
        query={query}
        search={search}
        rows={data.rows}
        grid={data.grid}
        {...(problem ? { error: problem } : {})}
      />,
      problem ? 400 : 200,
    );
  });

  app.get('/fragments/runs', async (c) => {
    const { filter } = readQuery(c);
    const data = await load(ctx, filter);
    return c.html(<RunsLive search={new URL(c.req.url).search} rows={data.rows} grid={data.grid} />);
  });
}
