import { z } from 'zod';
import { describeValue, formatZodIssues } from '../../common/validation';
import { TASK_QUEUES } from '../../common/task-queues';
import { RUN_KINDS, type CarriedRecords, type LogicalDateSource, type RunKind, type SchedulerSnapshot } from '../../common/dag';

/** State handed from one run segment to the next by continue-as-new. @internal */
export interface CarriedRun {
  readonly segment: number;
  /** The DAG version the chain started with (absent in chains started before versioning: v1). */
  readonly dagVersion?: number;
  readonly logicalDateSource?: LogicalDateSource;
  readonly scheduler: SchedulerSnapshot;
  readonly records: CarriedRecords;
}

/** Input of every DAG workflow. Every field is optional, so the Web UI can start a run with `{}`. */
export interface DagRunInput {
  /** Checked against the DAG's zod schema before anything else happens. */
  readonly params?: unknown;
  /** ISO instant. @default the schedule's `TemporalScheduledStartTime`, else the run's start */
  readonly logicalDate?: string;
  /** @default "scheduled" when started by a Schedule, else "manual" */
  readonly runKind?: RunKind;
  /** Reroutes queue kinds for this run (tests, staging): `{ cpu: 'my-queue' }`. */
  readonly taskQueues?: { readonly cpu?: string; readonly gpu?: string };
  /** Continue-as-new once history reaches this many events. @default 10000 */
  readonly continueAsNewAfterEvents?: number;
  /** @internal set by the engine on continue-as-new */
  readonly carried?: CarriedRun;
}

const inputSchema = z.object({
  params: z.unknown().optional(),
  logicalDate: z.iso.datetime({ offset: true }).optional(),
  runKind: z.enum(RUN_KINDS).optional(),
  taskQueues: z
    .object({ cpu: z.string().min(1).optional(), gpu: z.string().min(1).optional() })
    .strict()
    .optional(),
  continueAsNewAfterEvents: z.number().int().min(50).optional(),
  carried: z.custom<CarriedRun>((v) => typeof v === 'object' && v !== null).optional(),
});

/** Returns the problems of a run input (other than its params), as `input.field: message` lines. */
export function inputProblems(input: unknown): { input?: DagRunInput; problems: string[] } {
  const result = inputSchema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return { input: result.data as DagRunInput, problems: [] };
  return { problems: formatZodIssues(result.error, { prefix: 'input' }) };
}

/**
 * Problems of fields a caller may not set freely. `carried` is engine state: only a run continued
 * as new may hold it, so a forged one in a start is refused. A `taskQueues` override may only
 * name a queue the deployment polls: a default queue, the queue this workflow runs on, or that
 * queue with `-gpu` (tests and staging give each run its own); anything else would leave the run
 * waiting on a queue nobody polls. `continuedFrom` is the run this one continues, if any.
 */
export function callerProblems(input: DagRunInput, where: { readonly taskQueue: string; readonly continuedFrom: string | undefined }): string[] {
  const problems: string[] = [];
  if (input.carried !== undefined && where.continuedFrom === undefined) {
    problems.push('input.carried: engine state set only by continue-as-new; a started run may not carry it (got a value)');
  }
  const allowed = [...Object.values(TASK_QUEUES), where.taskQueue, `${where.taskQueue}-gpu`];
  for (const kind of ['cpu', 'gpu'] as const) {
    const queue = input.taskQueues?.[kind];
    if (queue !== undefined && !allowed.includes(queue)) {
      problems.push(
        `input.taskQueues.${kind}: one of ${[...new Set(allowed)].map((q) => JSON.stringify(q)).join(', ')} (queues this deployment polls); got ${describeValue(queue)}`,
      );
    }
  }
  return problems;
}

const EARLIEST_LOGICAL_DATE = Date.parse('1970-01-01T00:00:00Z');
const LATEST_AHEAD_MS = 366 * 86_400_000;

/**
 * A logical date outside [1970-01-01, now + 366 days] is refused: year 0001 used to become 1900
 * through the search attribute, and 9999-12-31 ran until validation found no data.
 */
export function logicalDateProblem(logicalDate: string | undefined, now: Date): string | undefined {
  if (logicalDate === undefined) return undefined;
  const at = Date.parse(logicalDate);
  if (Number.isNaN(at)) return undefined;
  if (at >= EARLIEST_LOGICAL_DATE && at <= now.getTime() + LATEST_AHEAD_MS) return undefined;
  return `input.logicalDate: an instant from 1970-01-01T00:00:00Z to ${new Date(now.getTime() + LATEST_AHEAD_MS).toISOString().slice(0, 10)} (at most a year ahead); got ${JSON.stringify(logicalDate)}`;
}
