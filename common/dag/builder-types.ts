import type { z } from 'zod';
import type { DagRunResult } from './run-types';
import type { ApprovalDecision, DagSpec, DurationInput, LogicalDatePolicy, OnTaskFailure, TaskContext, TaskOptions, TriggerRule } from './types';

/** Any async function; `never` parameters accept every signature. */
export type AsyncFn = (...args: never) => Promise<unknown>;

/** Names of the activities in an activities interface (`ReturnType<typeof createActivities>`). */
export type ActivityName<A> = { [K in keyof A]: A[K] extends AsyncFn ? K : never }[keyof A] & string;

/** The (single) argument an activity takes; activities in this project take one object. */
export type ActivityInput<F> = F extends (...args: infer Args) => unknown ? (Args extends [] ? undefined : Args[0]) : never;

/** The resolved return value of an activity: what downstream tasks receive. */
export type ActivityOutput<F> = F extends (...args: never) => Promise<infer R> ? R : never;

/**
 * Outputs of the declared deps. Under `all_success` every dep succeeded, so every output is
 * there; under any other rule a dep may have been skipped or failed, so outputs are optional.
 */
export type Upstream<O, D extends keyof O, TR extends TriggerRule> = [TR] extends ['all_success'] ? { readonly [K in D]: O[K] } : { readonly [K in D]?: O[K] };

export type Ctx<P, O, D extends keyof O, TR extends TriggerRule> = TaskContext<P, Upstream<O, D, TR>>;

/** Rejects, at compile time, an id that an earlier task already uses. */
export type NewId<Id extends string, O> = Id extends keyof O ? never : Id;

export interface CommonTaskOptions<D extends string, TR extends TriggerRule> extends TaskOptions {
  /** Upstream task ids; only earlier tasks can be named, so a typed DAG cannot have a cycle. */
  readonly deps?: readonly D[];
  /** @default "all_success" */
  readonly triggerRule?: TR;
  readonly doc?: string;
}

/** A join has no callback and runs nothing: only where it sits in the graph and when it runs. */
export interface JoinOptions<D extends string, TR extends TriggerRule> {
  /** The tasks whose paths meet here; at least one. */
  readonly deps: readonly D[];
  /** @default "all_success" */
  readonly triggerRule?: TR;
  readonly doc?: string;
}

/**
 * What a task that runs work does when it fails past its retries (see TaskSpec `onFailure`).
 * `pauseTimeout` exists only with `onFailure: 'pause'`: a constant or computed from the run
 * (for example a param), after which the paused task fails.
 */
export type FailureOption<C> =
  | { readonly onFailure?: 'fail'; readonly pauseTimeout?: never }
  | {
      readonly onFailure: 'pause';
      /** @default forever: the task waits until an operator decides */
      readonly pauseTimeout?: DurationInput | ((ctx: C) => DurationInput);
    };

/** `input` is required exactly when the activity takes a required argument. */
export type InputOption<F, C> =
  undefined extends ActivityInput<F> ? { readonly input?: (ctx: C) => ActivityInput<F> } : { readonly input: (ctx: C) => ActivityInput<F> };

export interface ApprovalOutcome {
  readonly decision: ApprovalDecision;
  readonly by: string;
  readonly reason?: string;
  /** true when nobody decided before the timeout and the default decision applied. */
  readonly timedOut: boolean;
}

export interface DagOptions<S extends z.ZodType, A> {
  /** Workflow type of the DAG's runs; snake_case like Airflow DAG ids (`weekly_retraining`). */
  readonly id: string;
  /** One sentence: what the DAG does. */
  readonly summary: string;
  readonly docs?: string;
  /** zod schema of the run params; `.describe()` texts serve as field titles. */
  readonly params: S;
  /** Airflow's `default_args`. */
  readonly defaults?: TaskOptions;
  /** @default unlimited */
  readonly maxActiveTasks?: number;
  /** @default "fail" */
  readonly onTaskFailure?: OnTaskFailure;
  /** @default 262144 */
  readonly maxOutputBytes?: number;
  /** @default "1d" */
  readonly dataInterval?: DurationInput;
  /** Activity names checked at validation time (the type parameter checks them at compile time). */
  readonly activities?: readonly ActivityName<A>[];
  /** Bump when a change alters the commands of runs in flight (docs/versioning.md). @default 1 */
  readonly version?: number;
  /** The run's business key (one run per key); see DagSpec.runKey. */
  readonly runKey?: (run: { readonly params: z.output<S>; readonly logicalDate: string }) => string;
  /** @default "run-start" */
  readonly logicalDate?: LogicalDatePolicy;
}

/** A built, validated DAG. `O` maps task ids to output types (used by sub-DAG typing). */
export interface DagDefinition<P = unknown, O = Record<string, unknown>> extends DagSpec<P> {
  /** Phantom field carrying output types; never set at runtime. */
  readonly __outputs?: O;
}

/** What a sub-DAG task hands downstream: the child run's result. */
export type SubDagOutput = DagRunResult;
