import type { WorkflowExecutionInfo } from '@temporalio/client';
import { z } from 'zod';
import type { ListRunsFilter, RunView } from '../../client/client-types';
import { InvalidRunFilterError, RunNotFoundError } from '../../client/errors';
import { runListQuery } from '../../client/list-runs';
import { RUN_OUTCOMES, type RunOutcome } from '../../client/run-outcome';
import { OPEN_RUN_OUTCOMES } from '../../common/dag/run-outcome';
import { closedView } from '../../client/run-view';
import { runAttributesOf, SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import { formatZodIssues } from '../../common/validation';
import { uiRunUrl } from '../../lib/temporal/ui-links';
import { buildGrid } from './runs-grid';
import { outcomeCellOf } from './outcome-cell';
import type { ConsoleDeps, RunFilter, RunRow, RunsGrid } from './types';

/**
 * The run's Outcome search attribute, set by the engine when a run waits for approval and when it
 * ends. Runs started before it existed have none: their outcome is classified from the result.
 */
const OUTCOME_ATTRIBUTE = SEARCH_ATTRIBUTES.outcome;

export const DEFAULT_RUN_LIMIT = 50;
/** Runs read at most to fill one page filtered by outcome, so a rare outcome cannot read the whole namespace. */
const MAX_SCANNED = 1_000;
/** Run views read at once (each is one or two calls to Temporal). */
const CONCURRENCY = 8;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dateBound = z.union([z.string().regex(DAY), z.iso.datetime({ offset: true })], {
  error: 'expected a date (YYYY-MM-DD) or an ISO-8601 instant with offset',
});
const OPEN_KINDS = new Set(['running', ...OPEN_RUN_OUTCOMES]);
/** What the runs page filters on: an outcome of a closed run, or what an open one does. */
const FILTER_OUTCOMES = [...RUN_OUTCOMES, ...OPEN_KINDS] as [string, ...string[]];

const filterSchema = z.object({
  from: dateBound.optional(),
  to: dateBound.optional(),
  outcome: z.enum(FILTER_OUTCOMES).optional(),
  limit: z.number().int().min(1).max(1_000).optional(),
});

/** A run as the runs page and the grid read it: what visibility lists, and its view. */
export interface ListedRun {
  readonly info: WorkflowExecutionInfo;
  readonly view: RunView;
  readonly row: RunRow;
}

/**
 * Runs, newest first, from Temporal visibility with the client's query builder, each with its
 * outcome (the one classifier, through the client's run view: a result read per closed run, a
 * getDagState Query per open one). Filtering on an outcome uses the Outcome search attribute
 * when the namespace has it. A bad filter throws InvalidRunFilterError naming field and value.
 */
export async function listedRuns(deps: ConsoleDeps, filter: RunFilter = {}): Promise<ListedRun[]> {
  // An empty outcome is the form's "any".
  const outcome = filter.outcome === '' ? undefined : filter.outcome;
  const checked = filterSchema.safeParse({ from: filter.from || undefined, to: filter.to || undefined, outcome, limit: filter.limit }, { reportInput: true });
  if (!checked.success) throw new InvalidRunFilterError(formatZodIssues(checked.error, { prefix: 'filter' }));
  const limit = filter.limit ?? DEFAULT_RUN_LIMIT;
  let { query } = runListQuery(listFilterOf(filter, outcome));
  if (outcome !== undefined && (await hasOutcomeAttribute(deps))) {
    query += ` AND (${OUTCOME_ATTRIBUTE.name} = ${JSON.stringify(outcome)} OR ${OUTCOME_ATTRIBUTE.name} IS NULL)`;
  }
  const found: ListedRun[] = [];
  const pages = deps.client.temporal.workflow.list({ query, pageSize: Math.min(100, outcome ? 100 : limit) });
  let batch: WorkflowExecutionInfo[] = [];
  let scanned = 0;
  const flush = async () => {
    const listed = await Promise.all(batch.map((info) => listedRun(deps, info)));
    batch = [];
    for (const run of listed) {
      if (!run || found.length >= limit) continue;
      if (outcome === undefined || run.row.outcome.kind === outcome || run.info.typedSearchAttributes.get(OUTCOME_ATTRIBUTE) === outcome) found.push(run);
    }
  };
  for await (const info of pages) {
    batch.push(info);
    scanned++;
    if (batch.length >= CONCURRENCY) await flush();
    if (found.length >= limit || (outcome === undefined && scanned >= limit) || scanned >= MAX_SCANNED) break;
  }
  await flush();
  return found;
}

export async function listRuns(deps: ConsoleDeps, filter: RunFilter = {}): Promise<RunRow[]> {
  return (await listedRuns(deps, filter)).map((r) => r.row);
}

export async function runsGrid(deps: ConsoleDeps, filter: RunFilter = {}): Promise<RunsGrid> {
  return buildGrid((await listedRuns(deps, filter)).map((r) => r.view));
}

/** Both at once from one listing, for a page that shows the table and the grid. */
export async function runsOverview(deps: ConsoleDeps, filter: RunFilter = {}): Promise<{ rows: RunRow[]; grid: RunsGrid }> {
  const runs = await listedRuns(deps, filter);
  return { rows: runs.map((r) => r.row), grid: buildGrid(runs.map((r) => r.view)) };
}

function listFilterOf(filter: RunFilter, outcome: string | undefined): ListRunsFilter {
  const isClosedOutcome = (o: string): o is RunOutcome => (RUN_OUTCOMES as readonly string[]).includes(o);
  return {
    ...(filter.dagId ? { dagId: filter.dagId } : {}),
    ...(filter.model ? { model: filter.model } : {}),
    ...(filter.from ? { logicalDateFrom: DAY.test(filter.from) ? `${filter.from}T00:00:00.000Z` : filter.from } : {}),
    ...(filter.to ? { logicalDateTo: DAY.test(filter.to) ? `${filter.to}T23:59:59.999Z` : filter.to } : {}),
    ...(outcome !== undefined && OPEN_KINDS.has(outcome) ? { status: 'running' as const } : {}),
    ...(outcome !== undefined && isClosedOutcome(outcome) ? { outcome } : {}),
    limit: 10_000,
  };
}

async function listedRun(deps: ConsoleDeps, info: WorkflowExecutionInfo): Promise<ListedRun | undefined> {
  try {
    const view = info.status.name === 'RUNNING' ? await deps.client.getRun(info.workflowId) : await closedView(deps.client.temporal, info);
    return { info, view, row: rowOf(deps, info, view) };
  } catch (err) {
    // Deleted (retention) between the listing and the read: not a run to show.
    if (err instanceof RunNotFoundError) return undefined;
    throw err;
  }
}

/** What visibility and a description both tell about an execution. */
export type ExecutionFacts = Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'status' | 'startTime' | 'closeTime' | 'typedSearchAttributes'>;

export function rowOf(deps: Pick<ConsoleDeps, 'temporalUiUrl' | 'namespace'>, info: ExecutionFacts, view: RunView): RunRow {
  const attrs = runAttributesOf(info.typedSearchAttributes);
  const logicalDate = attrs.logicalDate ?? view.logicalDate;
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    ...attrs,
    ...(logicalDate !== undefined ? { logicalDate } : {}),
    status: info.status.name,
    outcome: outcomeCellOf(view),
    startedAt: info.startTime.toISOString(),
    ...(info.closeTime ? { closedAt: info.closeTime.toISOString() } : {}),
    temporalUiUrl: uiRunUrl(deps.temporalUiUrl, deps.namespace, info.workflowId, info.runId),
  };
}

const registered = new WeakMap<ConsoleDeps['client'], Promise<boolean>>();

/** Whether the namespace has the Outcome search attribute (a query naming an unknown one fails). */
function hasOutcomeAttribute(deps: ConsoleDeps): Promise<boolean> {
  let known = registered.get(deps.client);
  if (!known) {
    known = deps.client.temporal.connection.operatorService
      .listSearchAttributes({ namespace: deps.namespace })
      .then(({ customAttributes }) => Object.hasOwn(customAttributes ?? {}, OUTCOME_ATTRIBUTE.name))
      .catch(() => false);
    registered.set(deps.client, known);
  }
  return known;
}
