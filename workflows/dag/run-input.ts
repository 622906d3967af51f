import { z } from 'zod';
import { formatZodIssues } from '../../common/validation';
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
