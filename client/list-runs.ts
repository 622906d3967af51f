import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { z } from 'zod';
import { RUN_KINDS } from '../common/dag';
import { runAttributesOf, SEARCH_ATTRIBUTES } from '../common/search-attributes';
import { formatZodIssues, ModelNameSchema } from '../common/validation';
import type { ExecutionStatusFilter, ListRunsFilter, RunSummary } from './client-types';
import { DAGS } from './dag-catalog';
import { InvalidRunFilterError } from './errors';
import { outcomesOfExecutionStatus, RUN_OUTCOMES, type RunOutcome } from './run-outcome';
import { closedView } from './run-view';

/** Visibility's names of Temporal's execution statuses. */
const VISIBILITY_STATUS: Readonly<Record<ExecutionStatusFilter, string>> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  timed_out: 'TimedOut',
};

function statusOfOutcome(outcome: RunOutcome): ExecutionStatusFilter {
  for (const status of ['completed', 'failed', 'cancelled', 'terminated', 'timed_out'] as const) {
    if (outcomesOfExecutionStatus(status.toUpperCase()).includes(outcome)) return status;
  }
  return 'completed';
}

/** One value or a list of them, checked item by item so a bad one is named with the choices. */
const oneOrMany = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).min(1).optional());

const filterSchema = z
  .object({
    dagId: z
      .string()
      .refine((id) => Object.hasOwn(DAGS, id), { message: `expected a DAG id of the catalog: ${Object.keys(DAGS).join(', ')}` })
      .optional(),
    model: ModelNameSchema.optional(),
    status: oneOrMany(z.enum(Object.keys(VISIBILITY_STATUS) as [ExecutionStatusFilter, ...ExecutionStatusFilter[]])),
    outcome: oneOrMany(z.enum(RUN_OUTCOMES)),
    runKind: z.enum(RUN_KINDS).optional(),
    logicalDateFrom: z.iso.datetime({ offset: true }).optional(),
    logicalDateTo: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export interface RunListQuery {
  /** The visibility query, e.g. `DagId = "weekly_retraining" AND ModelName = "spam"`. */
  readonly query: string;
  /** Outcomes to keep after reading each closed run's result; undefined: keep every run. */
  readonly outcomes?: readonly RunOutcome[];
  readonly limit: number;
}

/**
 * Checks a listRuns filter (InvalidRunFilterError names each bad field and value) and builds
 * its visibility query over the search attributes every DAG run sets (common/search-attributes).
 * A continue-as-new chain is listed once, by its open or last execution. Pure.
 */
export function runListQuery(filter: ListRunsFilter = {}): RunListQuery {
  const parsed = filterSchema.safeParse(filter, { reportInput: true });
  if (!parsed.success) throw new InvalidRunFilterError(formatZodIssues(parsed.error, { prefix: 'filter' }));
  const f = parsed.data;
  const clauses: string[] = [];
  const quote = (value: string) => JSON.stringify(value);
  if (f.dagId !== undefined) clauses.push(`${SEARCH_ATTRIBUTES.dagId.name} = ${quote(f.dagId)}`);
  if (f.model !== undefined) clauses.push(`${SEARCH_ATTRIBUTES.modelName.name} = ${quote(f.model)}`);
  if (f.runKind !== undefined) clauses.push(`${SEARCH_ATTRIBUTES.runKind.name} = ${quote(f.runKind)}`);
  if (f.logicalDateFrom !== undefined) clauses.push(`${SEARCH_ATTRIBUTES.logicalDate.name} >= ${quote(new Date(f.logicalDateFrom).toISOString())}`);
  if (f.logicalDateTo !== undefined) clauses.push(`${SEARCH_ATTRIBUTES.logicalDate.name} <= ${quote(new Date(f.logicalDateTo).toISOString())}`);
  const outcomes = f.outcome;
  const requested = f.status;
  const fromOutcomes = outcomes?.map(statusOfOutcome);
  // Both given: the statuses both allow (none left: a query that matches nothing).
  const statuses = requested && fromOutcomes ? requested.filter((s) => fromOutcomes.includes(s)) : (requested ?? fromOutcomes);
  if (statuses) {
    const unique = [...new Set(statuses)];
    clauses.push(
      unique.length === 0 ? 'ExecutionStatus = "Unspecified"' : `(${unique.map((s) => `ExecutionStatus = ${quote(VISIBILITY_STATUS[s])}`).join(' OR ')})`,
    );
  } else {
    clauses.push('ExecutionStatus != "ContinuedAsNew"');
  }
  return { query: clauses.join(' AND '), ...(outcomes ? { outcomes } : {}), limit: f.limit ?? 100 };
}

/** Runs one call to Temporal under its own deadline (the client's `callTimeoutMs`). */
export type CallStep = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Lists runs newest first (visibility's order), reading outcomes only when the filter names
 * some. Each page and each result read is one `step`, so a long list is not cut by one deadline.
 */
export async function listRuns(client: Client, filter: ListRunsFilter = {}, step: CallStep = (fn) => fn()): Promise<RunSummary[]> {
  const { query, outcomes, limit } = runListQuery(filter);
  const found: RunSummary[] = [];
  const pages = client.workflow.list({ query, pageSize: Math.min(limit, 100) })[Symbol.asyncIterator]();
  while (found.length < limit) {
    const next = await step(() => pages.next());
    if (next.done) break;
    const info = next.value;
    let summary = summaryOf(info);
    if (outcomes) {
      if (info.status.name === 'RUNNING') continue;
      const view = await step(() => closedView(client, info));
      if (view.outcome === undefined || !outcomes.includes(view.outcome)) continue;
      summary = { ...summary, outcome: view.outcome, ...(view.outcomeReason !== undefined ? { outcomeReason: view.outcomeReason } : {}) };
    }
    found.push(summary);
  }
  return found;
}

function summaryOf(info: WorkflowExecutionInfo): RunSummary {
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    ...runAttributesOf(info.typedSearchAttributes),
    executionStatus: info.status.name,
    startTime: info.startTime.toISOString(),
    ...(info.closeTime ? { closeTime: info.closeTime.toISOString() } : {}),
  };
}
