import type { z } from 'zod';
import type {
  ActivityInput,
  ActivityName,
  ActivityOutput,
  ApprovalOutcome,
  AsyncFn,
  CommonTaskOptions,
  Ctx,
  DagDefinition,
  DagOptions,
  FailureOption,
  InputOption,
  JoinOptions,
  NewId,
  SubDagOutput,
} from './builder-types';
import { DEFAULT_MAX_OUTPUT_BYTES } from './output-size';
import type { ApprovalDecision, ApprovalRequestInfo, ApprovalTaskSpec, ContextFn, DurationInput, TaskSpec, TriggerRule } from './types';
import { validateDag } from './validate';

type Out<O, Id extends string, T> = O & { readonly [K in Id]: T };
type Opts<D extends string, TR extends TriggerRule> = CommonTaskOptions<D, TR>;

/**
 * Starts a typed DAG. The activities interface is given explicitly, params are inferred from the
 * zod schema: `defineDag<Activities>()({ id, summary, params, defaults })`.
 */
export function defineDag<A extends object>() {
  return <S extends z.ZodType>(options: DagOptions<S, A>): DagBuilder<A, z.output<S>, Record<never, never>> => new DagBuilder(options, []);
}

/**
 * Immutable builder: each method returns a new builder whose output map includes the new task,
 * so `upstream.extract_events` in a later task is typed as extract_events's output.
 */
export class DagBuilder<A extends object, P, O> {
  constructor(
    private readonly options: DagOptions<z.ZodType, A>,
    private readonly tasks: readonly TaskSpec[],
  ) {}

  /** Runs an activity on a worker; its output is the activity's return value. */
  activity<Id extends string, K extends ActivityName<A>, D extends keyof O & string = never, TR extends TriggerRule = 'all_success'>(
    id: NewId<Id, O>,
    options: Opts<D, TR> & { readonly activity: K } & InputOption<A[K], Ctx<P, O, D, TR>> & FailureOption<Ctx<P, O, D, TR>>,
  ): DagBuilder<A, P, Out<O, Id, ActivityOutput<A[K]>>> {
    const { input, ...rest } = options as typeof options & { input?: unknown };
    return this.add({ ...this.base(id, rest), kind: 'activity', activity: options.activity, input: input as ContextFn<unknown> });
  }

  /** Runs an activity whatever happened upstream, even after cancellation (Airflow teardown). */
  teardown<Id extends string, K extends ActivityName<A>, D extends keyof O & string = never>(
    id: NewId<Id, O>,
    options: Omit<Opts<D, 'all_done'>, 'triggerRule'> & { readonly activity: K } & InputOption<A[K], Ctx<P, O, D, 'all_done'>>,
  ): DagBuilder<A, P, Out<O, Id, ActivityOutput<A[K]>>> {
    const { input, ...rest } = options as typeof options & { input?: unknown };
    const base = { ...this.base(id, { ...rest, triggerRule: 'all_done' }), teardown: true };
    return this.add({ ...base, kind: 'activity', activity: options.activity, input: input as ContextFn<unknown> });
  }

  /** Starts a child workflow (any registered workflow function); its output is the child's result. */
  childWorkflow<Id extends string, W extends AsyncFn, D extends keyof O & string = never, TR extends TriggerRule = 'all_success'>(
    id: NewId<Id, O>,
    options: Opts<D, TR> & { readonly workflow: W; readonly args: (ctx: Ctx<P, O, D, TR>) => Parameters<W> } & FailureOption<Ctx<P, O, D, TR>>,
  ): DagBuilder<A, P, Out<O, Id, ActivityOutput<W>>> {
    const { workflow, args, ...rest } = options;
    return this.add({
      ...this.base(id, rest),
      kind: 'child_workflow',
      workflowType: workflow.name,
      args: args as unknown as ContextFn<readonly unknown[]>,
      subDag: false,
    });
  }

  /** Runs another DAG as a child run (Airflow task group / SubDAG); output: its run result. */
  subDag<Id extends string, P2, D extends keyof O & string = never, TR extends TriggerRule = 'all_success'>(
    id: NewId<Id, O>,
    options: Opts<D, TR> & { readonly dag: DagDefinition<P2>; readonly params: (ctx: Ctx<P, O, D, TR>) => P2 } & FailureOption<Ctx<P, O, D, TR>>,
  ): DagBuilder<A, P, Out<O, Id, SubDagOutput>> {
    const { dag, params, ...rest } = options;
    const args = (ctx: Ctx<P, O, D, TR>): readonly unknown[] => [params(ctx)];
    return this.add({
      ...this.base(id, rest),
      kind: 'child_workflow',
      workflowType: dag.id,
      args: args as unknown as ContextFn<readonly unknown[]>,
      subDag: true,
    });
  }

  /**
   * Decides in workflow code which direct downstream tasks run; the others see this task as
   * skipped. Deterministic and instant: put any I/O the decision needs in an upstream activity.
   */
  branch<Id extends string, D extends keyof O & string = never, TR extends TriggerRule = 'all_success'>(
    id: NewId<Id, O>,
    options: Opts<D, TR> & { readonly choose: (ctx: Ctx<P, O, D, TR>) => string | readonly string[] },
  ): DagBuilder<A, P, Out<O, Id, string[]>> {
    const { choose, ...rest } = options;
    return this.add({ ...this.base(id, rest), kind: 'branch', choose: choose as unknown as ContextFn<readonly string[] | string> });
  }

  /** When `condition` is false, everything downstream is skipped (Airflow ShortCircuitOperator). */
  shortCircuit<Id extends string, D extends keyof O & string = never, TR extends TriggerRule = 'all_success'>(
    id: NewId<Id, O>,
    options: Opts<D, TR> & {
      readonly condition: (ctx: Ctx<P, O, D, TR>) => boolean;
      /** @default true: downstream is skipped whatever its trigger rule (teardown excepted) */
      readonly ignoreDownstreamTriggerRules?: boolean;
    },
  ): DagBuilder<A, P, Out<O, Id, boolean>> {
    const { condition, ignoreDownstreamTriggerRules, ...rest } = options;
    return this.add({
      ...this.base(id, rest),
      kind: 'short_circuit',
      condition: condition as unknown as ContextFn<boolean>,
      ignoreDownstreamTriggerRules: ignoreDownstreamTriggerRules ?? true,
    });
  }

  /**
   * A no-op where paths meet (Airflow's EmptyOperator): succeeds once its trigger rule lets it
   * run, so downstream tasks can depend on one task instead of each path. No output.
   */
  join<Id extends string, D extends keyof O & string = never, TR extends TriggerRule = 'all_success'>(
    id: NewId<Id, O>,
    options: JoinOptions<D, TR>,
  ): DagBuilder<A, P, Out<O, Id, undefined>> {
    return this.add({ ...this.base(id, options), kind: 'join' });
  }

  /**
   * Polls an activity every `pokeInterval` until it returns `true` or `{ done: true }`, or the
   * `timeout` passes (Airflow sensor in reschedule mode: a durable timer between short pokes).
   */
  sensor<Id extends string, K extends ActivityName<A>, D extends keyof O & string = never, TR extends TriggerRule = 'all_success'>(
    id: NewId<Id, O>,
    options: Opts<D, TR> & {
      readonly activity: K;
      readonly pokeInterval: DurationInput;
      readonly timeout: DurationInput;
      readonly softFail?: boolean;
    } & InputOption<A[K], Ctx<P, O, D, TR>> &
      FailureOption<Ctx<P, O, D, TR>>,
  ): DagBuilder<A, P, Out<O, Id, ActivityOutput<A[K]>>> {
    const { input, pokeInterval, timeout, softFail, ...rest } = options as typeof options & { input?: unknown };
    return this.add({
      ...this.base(id, rest),
      kind: 'sensor',
      activity: options.activity,
      input: input as ContextFn<unknown>,
      pokeInterval,
      timeout,
      softFail: softFail ?? false,
    });
  }

  /** Waits for a person: the `decideApproval` Update, or `defaultDecision` after `timeout`. */
  approval<Id extends string, D extends keyof O & string = never, TR extends TriggerRule = 'all_success'>(
    id: NewId<Id, O>,
    options: Opts<D, TR> & {
      readonly timeout: DurationInput;
      /** Timeout computed from params or upstream outputs; overrides `timeout` when given. */
      readonly timeoutFrom?: (ctx: Ctx<P, O, D, TR>) => DurationInput;
      /** Refuses a decision Update (throw with a message quoting the bad value). */
      readonly checkRequest?: (request: ApprovalRequestInfo, ctx: Ctx<P, O, D, TR>) => void;
      readonly defaultDecision: ApprovalDecision;
      /** @default "skip": a rejection skips the direct downstream instead of failing the run */
      readonly onReject?: 'skip' | 'fail';
      readonly prompt?: (ctx: Ctx<P, O, D, TR>) => string;
      /** The model version being decided on, shown to the approver in getDagState. */
      readonly subject?: (ctx: Ctx<P, O, D, TR>) => { readonly model: string; readonly version: number };
      /** Who may decide (the decision's `by`); none or empty: anyone who can send the Update. */
      readonly approvers?: (ctx: Ctx<P, O, D, TR>) => readonly string[];
    },
  ): DagBuilder<A, P, Out<O, Id, ApprovalOutcome>> {
    const { timeout, timeoutFrom, checkRequest, defaultDecision, onReject, prompt, subject, approvers, ...rest } = options;
    return this.add({
      ...this.base(id, rest),
      kind: 'approval',
      timeout,
      timeoutFrom: timeoutFrom as unknown as ContextFn<DurationInput> | undefined,
      checkRequest: checkRequest as unknown as ApprovalTaskSpec['checkRequest'],
      defaultDecision,
      onReject: onReject ?? 'skip',
      prompt: prompt as unknown as ContextFn<string> | undefined,
      ...(subject ? { subject: subject as unknown as NonNullable<ApprovalTaskSpec['subject']> } : {}),
      ...(approvers ? { approvers: approvers as unknown as NonNullable<ApprovalTaskSpec['approvers']> } : {}),
    });
  }

  /**
   * Fans out one activity call per item of a list produced upstream (Airflow `expand`), at most
   * `maxConcurrency` at once. The output is the list of results in item order: a downstream task
   * is the reduce step.
   */
  map<Id extends string, K extends ActivityName<A>, Item, D extends keyof O & string = never, TR extends TriggerRule = 'all_success'>(
    id: NewId<Id, O>,
    options: Opts<D, TR> & {
      readonly activity: K;
      readonly over: (ctx: Ctx<P, O, D, TR>) => readonly Item[];
      readonly input: (item: Item, index: number, ctx: Ctx<P, O, D, TR>) => ActivityInput<A[K]>;
      /** @default 16 */
      readonly maxConcurrency?: number;
    } & FailureOption<Ctx<P, O, D, TR>>,
  ): DagBuilder<A, P, Out<O, Id, ActivityOutput<A[K]>[]>> {
    const { over, input, maxConcurrency, ...rest } = options;
    return this.add({
      ...this.base(id, rest),
      kind: 'map',
      activity: options.activity,
      over: over as unknown as ContextFn<readonly unknown[]>,
      itemInput: input as unknown as (item: unknown, index: number, ctx: Parameters<ContextFn<unknown>>[0]) => unknown,
      maxConcurrency: maxConcurrency ?? 16,
    });
  }

  /**
   * The same DAG under a new version, to change it while runs of the old one are in flight:
   * `v1Builder.revise(2).activity(...)` (docs/versioning.md). Tasks added after this call belong
   * to the new version only.
   */
  revise(version: number): DagBuilder<A, P, O> {
    return new DagBuilder<A, P, O>({ ...this.options, version }, this.tasks);
  }

  /** Validates (throws DagValidationError listing every problem) and returns the DAG. */
  build(): DagDefinition<P, O> {
    const { defaults, maxActiveTasks, onTaskFailure, maxOutputBytes, dataInterval, activities, docs, version, runKey, logicalDate, ...head } = this.options;
    const spec: DagDefinition<P, O> = {
      ...head,
      params: this.options.params as z.ZodType<P>,
      ...(docs !== undefined ? { docs } : {}),
      defaults: defaults ?? {},
      ...(maxActiveTasks !== undefined ? { maxActiveTasks } : {}),
      onTaskFailure: onTaskFailure ?? 'fail',
      maxOutputBytes: maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
      dataInterval: dataInterval ?? '1d',
      ...(activities !== undefined ? { activities } : {}),
      version: version ?? 1,
      ...(runKey !== undefined ? { runKey: runKey as DagDefinition<P, O>['runKey'] } : {}),
      logicalDate: logicalDate ?? 'run-start',
      tasks: this.tasks,
    };
    validateDag(spec);
    return spec;
  }

  private base(id: string, options: Omit<Opts<string, TriggerRule>, never> & { activity?: unknown }) {
    const { deps, triggerRule, doc, activity: _activity, ...taskOptions } = options;
    return {
      ...taskOptions,
      id,
      deps: deps ?? [],
      triggerRule: triggerRule ?? 'all_success',
      teardown: false,
      ...(doc !== undefined ? { doc } : {}),
    };
  }

  private add<O2>(task: TaskSpec): DagBuilder<A, P, O2> {
    return new DagBuilder<A, P, O2>(this.options, [...this.tasks, task]);
  }
}
