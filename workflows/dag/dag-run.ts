import { CancellationScope, condition, isCancellation, log, patched, sleep, workflowInfo } from '@temporalio/workflow';
import {
  countStates,
  DagScheduler,
  durationMs,
  formatProgress,
  outcomeHeadline,
  outcomeOf,
  pausedUntil,
  runIdentity,
  runOutcome,
  TaskRecords,
  type OutcomeAttributeValue,
  type ApprovalOutcome,
  type CompiledDag,
  type DagRunResult,
  type DagRunState,
  type DagRunStatus,
  type RunContext,
  type TaskStatus,
} from '../../common/dag';
import { executeTask } from './execute-task';
import { attemptsOf, describeFailure, failureType } from './failures';
import type { CarriedRun, DagRunInput } from './run-input';
import type { TaskEnv, TaskResult } from './task-env';
import { maximumAttempts, mergedOptions } from './activity-options';
import { DagMetrics } from './dag-metrics';
import { TASK_FAILURE_POLICY_PATCH } from './dag-versions';
import { isoSeconds, shortError, type OutcomeRecorder } from './outcome-recorder';

const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 10_000;

/** How a run segment ended: finished (success or failed), or handing over to the next segment. */
export type SegmentEnd = { kind: 'finished'; result: DagRunResult; failRequested: boolean } | { kind: 'continue'; carried: CarriedRun };

/**
 * One segment of a DAG run inside the workflow: starts ready tasks, feeds outcomes back to the
 * scheduler, and answers operators. Event-driven: each task's completion updates the scheduler
 * and starts whatever became ready in the same workflow task, so a layer of 100 tasks is one
 * workflow task, not 100.
 */
export class DagRun implements TaskEnv {
  readonly scheduler: DagScheduler;
  readonly records: TaskRecords;
  readonly metrics: DagMetrics;
  private readonly tasksScope = new CancellationScope();
  private readonly decisions = new Map<number, ApprovalOutcome>();
  private readonly waitingApproval = new Set<number>();
  /** Timers of paused tasks with a pause timeout; cancelled when an operator decides. */
  private readonly pauseTimers = new Map<number, CancellationScope>();
  private draining = false;
  private failRequested = false;
  private cancelled = false;
  private readonly segment: number;
  private readonly canAfterEvents: number;

  constructor(
    readonly compiled: CompiledDag,
    readonly input: DagRunInput,
    readonly run: RunContext,
    private readonly params: unknown,
    private readonly outcome: OutcomeRecorder,
  ) {
    const carried = input.carried;
    this.segment = carried?.segment ?? 0;
    this.canAfterEvents = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
    this.records = new TaskRecords(compiled, carried?.records);
    this.metrics = new DagMetrics(run.dagId);
    this.scheduler = new DagScheduler(
      compiled,
      (i, s) => {
        const now = Date.now();
        this.records.onState(i, s, now);
        this.metrics.onTaskState(i, compiled.tasks[i]!, s, now);
      },
      carried?.scheduler,
    );
    // A pause deadline carried from the segment before keeps running in this one.
    for (const i of this.scheduler.paused) {
      const deadline = this.records.paused.get(i)?.deadline;
      if (deadline !== undefined) this.startPauseTimer(i, Math.max(1, deadline - Date.now()));
    }
  }

  async execute(): Promise<SegmentEnd> {
    this.pump();
    let cancellation: unknown;
    try {
      await condition(() => this.scheduler.isFinished || (this.draining && this.scheduler.running.size === 0));
    } catch (err) {
      if (!isCancellation(err)) throw err;
      // Workflow cancelled: running tasks are being cancelled with the root scope; teardown
      // tasks still run, in non-cancellable scopes, before the run ends as cancelled.
      cancellation = err;
      this.cancelled = true;
      this.abort();
      await CancellationScope.nonCancellable(() => condition(() => this.scheduler.isFinished));
    }
    if (cancellation !== undefined) throw cancellation;
    if (!this.scheduler.isFinished) return { kind: 'continue', carried: this.carry() };
    return { kind: 'finished', result: this.result(), failRequested: this.failRequested };
  }

  // ---- operator actions (validated by the Update validators in handlers.ts) ----

  retryTask(index: number): TaskStatus {
    const taskId = this.compiled.tasks[index]!.id;
    log.info('operator retries task', { dagId: this.run.dagId, taskId });
    this.metrics.taskRetried(taskId);
    this.endPause(index);
    this.scheduler.resume(index);
    this.pump();
    return this.status(index);
  }

  skipTask(index: number): TaskStatus {
    log.info('operator skips task', { dagId: this.run.dagId, taskId: this.compiled.tasks[index]!.id });
    this.endPause(index);
    this.scheduler.complete(index, { state: 'skipped' });
    this.pump();
    return this.status(index);
  }

  failRun(): void {
    log.info('operator fails run', { dagId: this.run.dagId });
    this.failRequested = true;
    this.abort();
  }

  decide(index: number, outcome: ApprovalOutcome): ApprovalOutcome {
    this.decisions.set(index, outcome);
    return outcome;
  }

  isWaitingApproval(index: number): boolean {
    return this.waitingApproval.has(index) && !this.decisions.has(index);
  }

  get isStopping(): boolean {
    return this.scheduler.isAborting;
  }

  async waitForDecision(index: number, timeoutMs: number): Promise<ApprovalOutcome | undefined> {
    this.waitingApproval.add(index);
    this.showOutcome();
    try {
      const decided = await condition(() => this.decisions.has(index), timeoutMs);
      return decided ? this.decisions.get(index) : undefined;
    } finally {
      this.waitingApproval.delete(index);
      this.decisions.delete(index);
    }
  }

  // ---- views ----

  status(index: number): TaskStatus {
    return this.records.status(index, this.scheduler.states[index]!);
  }

  state(): DagRunState {
    const states = this.scheduler.states;
    return {
      ...runIdentity(this.run),
      status: this.runStatus(),
      progress: this.progress(),
      segment: this.segment,
      counts: countStates(states),
      tasks: states.map((_, i) => this.status(i)),
      ...this.outcomeNow(),
    };
  }

  /**
   * The Outcome the run stands at: what a person must act on while open (a paused task first:
   * the run goes nowhere until someone decides), the classified outcome once the tasks ended.
   */
  private outcomeNow(): { outcome?: OutcomeAttributeValue; headline?: string } {
    if (this.scheduler.isFinished) {
      const result = this.result();
      const view = outcomeOf(this.cancelled ? 'CANCELLED' : result.state === 'failed' ? 'FAILED' : 'COMPLETED', result, this.failureLine(result));
      return { outcome: view.outcome, headline: outcomeHeadline(view, result) };
    }
    const paused = [...this.scheduler.paused];
    if (paused.length > 0) {
      const i = paused[0]!;
      const deadline = this.records.paused.get(i)?.deadline;
      const more = paused.length > 1 ? ` (+${paused.length - 1} more paused)` : '';
      const until = deadline !== undefined ? ` until ${isoSeconds(deadline)}` : '';
      const headline = `paused: ${this.compiled.tasks[i]!.id} failed: ${shortError(this.records.errors.get(i))}; retry, skip or fail the run${until}${more}`;
      return { outcome: 'paused', headline };
    }
    for (const i of this.waitingApproval) {
      const awaiting = this.records.awaiting.get(i);
      if (!awaiting) continue;
      const subject = awaiting.awaitedVersion;
      const what = subject ? `${subject.model} v${subject.version}` : `task ${this.compiled.tasks[i]!.id}`;
      return { outcome: 'waiting_for_approval', headline: `waiting for approval of ${what} until ${isoSeconds(awaiting.deadline)}` };
    }
    return {};
  }

  /** The failure the run ends with, in the words of the run's failure message. */
  failureLine(result: DagRunResult): string | undefined {
    if (result.state !== 'failed') return undefined;
    if (this.failRequested) return 'DAG run failed: stopped by an operator';
    const failed = Object.entries(result.tasks)
      .filter(([, t]) => t.state === 'failed')
      .map(([id, t]) => (t.error ? `${id} (${t.error})` : id));
    return `DAG run failed: failed tasks: ${failed.slice(0, 5).join('; ')}${failed.length > 5 ? ` +${failed.length - 5}` : ''}`;
  }

  /** Shows the open outcome (not the final one: the run's end records that, after its result). */
  private showOutcome(): void {
    const progress = this.progress();
    if (this.scheduler.isFinished) {
      this.outcome.showDetails(progress);
      return;
    }
    const { outcome, headline } = this.outcomeNow();
    this.outcome.show(outcome, headline ? `${headline}\n${progress}` : progress);
  }

  private runStatus(): DagRunStatus {
    const s = this.scheduler;
    if (s.isFinished) {
      if (this.cancelled) return 'cancelled';
      return this.failRequested || runOutcome(this.compiled, s.states) === 'failed' ? 'failed' : 'success';
    }
    if (this.draining) return 'draining';
    return s.paused.size > 0 && s.running.size === 0 ? 'paused' : 'running';
  }

  private progress(): string {
    const s = this.scheduler;
    const ids = (set: ReadonlySet<number>) => ({ ids: mapIter(set, (i) => this.compiled.tasks[i]!.id), count: set.size });
    return formatProgress(s.doneCount, s.states.length, ids(s.running), ids(s.paused));
  }

  // ---- engine ----

  /** Starts every ready task the pool allows, then refreshes the progress line. */
  private pump(): void {
    if (!this.draining && this.shouldContinueAsNew()) {
      this.draining = true;
      log.info('draining before continue-as-new', { dagId: this.run.dagId });
    }
    const limit = this.compiled.spec.maxActiveTasks ?? Infinity;
    while (!this.draining && this.scheduler.running.size < limit) {
      const index = this.scheduler.takeReady();
      if (index === undefined) break;
      this.start(index);
    }
    this.showOutcome();
  }

  private shouldContinueAsNew(): boolean {
    if (this.scheduler.isAborting || this.scheduler.isFinished) return false;
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= this.canAfterEvents;
  }

  private start(index: number): void {
    const task = this.compiled.tasks[index]!;
    const call = { index, tryNumber: this.records.status(index, 'running').tries, ctx: this.context(index) };
    const run = (): Promise<TaskResult> => executeTask(this, call);
    const promise = task.teardown ? CancellationScope.nonCancellable(run) : this.tasksScope.run(run);
    promise.then(
      (result) => this.onDone(index, result),
      (err: unknown) => this.onError(index, err),
    );
  }

  private onDone(index: number, result: TaskResult): void {
    if (result.output !== undefined) this.records.outputs.set(index, result.output);
    this.scheduler.complete(index, result.outcome);
    this.pump();
  }

  private onError(index: number, err: unknown): void {
    const task = this.compiled.tasks[index]!;
    const error = describeFailure(err);
    this.records.errors.set(index, isCancellation(err) ? 'cancelled' : error);
    const attempts = attemptsOf(err, maximumAttempts(mergedOptions(this.compiled.spec, task)));
    if (attempts !== undefined) this.records.attempts.set(index, attempts);
    log.warn('task failed', { dagId: this.run.dagId, taskId: task.id, error });
    if (!isCancellation(err)) this.metrics.taskFailed(task.id, failureType(err));
    if (!this.pausesOnFailure(index, err) || !this.pause(index)) this.scheduler.complete(index, { state: 'failed' });
    this.pump();
  }

  /**
   * The task's own onFailure, else the DAG's onTaskFailure; never while stopping or cancelled. A
   * task's own 'pause' leaves out the error types it declares non-retryable: those are verdicts
   * (invalid data, a diverging loss) that a retry would only repeat, so they fail the task.
   */
  private pausesOnFailure(index: number, err: unknown): boolean {
    const task = this.compiled.tasks[index]!;
    if (task.teardown || this.scheduler.isAborting || isCancellation(err)) return false;
    const dagPolicy = this.compiled.spec.onTaskFailure;
    if (task.onFailure === undefined) return dagPolicy === 'pause';
    // A run from before per-task policies, replayed, fails (or pauses) the task as it did then.
    if (!patched(TASK_FAILURE_POLICY_PATCH)) return dagPolicy === 'pause';
    const verdicts = mergedOptions(this.compiled.spec, task).nonRetryableErrorTypes ?? [];
    return task.onFailure === 'pause' && !verdicts.includes(failureType(err));
  }

  /** Pauses a failed task; false (the task fails) when its pauseTimeout cannot be computed. */
  private pause(index: number): boolean {
    const task = this.compiled.tasks[index]!;
    let timeoutMs: number | undefined;
    try {
      const timeout = typeof task.pauseTimeout === 'function' ? task.pauseTimeout(this.context(index)) : task.pauseTimeout;
      timeoutMs = timeout === undefined ? undefined : durationMs(timeout);
    } catch (err) {
      // A DAG defect: waiting forever instead would leave the run with no deadline at all.
      const why = err instanceof Error ? err.message : String(err);
      this.records.errors.set(index, `${this.records.errors.get(index) ?? 'failed'}; not paused: its pauseTimeout failed (${why})`);
      return false;
    }
    this.records.paused.set(index, pausedUntil(timeoutMs === undefined ? undefined : Date.now() + timeoutMs));
    log.warn('task paused on failure', { dagId: this.run.dagId, taskId: task.id });
    this.scheduler.pause(index);
    if (timeoutMs !== undefined) this.startPauseTimer(index, timeoutMs);
    return true;
  }

  /** A durable timer: when nobody decided in time the paused task fails, naming the wait. */
  private startPauseTimer(index: number, ms: number): void {
    const scope = new CancellationScope();
    this.pauseTimers.set(index, scope);
    scope
      .run(() => sleep(ms))
      .then(
        () => this.onPauseTimeout(index),
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }

  private onPauseTimeout(index: number): void {
    this.pauseTimers.delete(index);
    if (this.scheduler.states[index] !== 'paused_on_failure' || this.scheduler.isAborting) return;
    const task = this.compiled.tasks[index]!;
    const deadline = this.records.paused.get(index)?.deadline;
    const waited = deadline !== undefined ? ` until ${isoSeconds(deadline)}` : '';
    const error = `paused on failure${waited} and nobody sent retryTask, skipTask or failRun; it had failed with: ${shortError(this.records.errors.get(index))}`;
    log.warn('pause timed out', { dagId: this.run.dagId, taskId: task.id });
    this.records.errors.set(index, error);
    this.records.paused.delete(index);
    this.scheduler.complete(index, { state: 'failed' });
    this.pump();
  }

  /** An operator decided on a paused task: its pause timer, if any, stops. */
  private endPause(index: number): void {
    this.records.paused.delete(index);
    this.pauseTimers.get(index)?.cancel();
    this.pauseTimers.delete(index);
  }

  private abort(): void {
    for (const i of [...this.pauseTimers.keys()]) this.endPause(i);
    this.scheduler.abort();
    this.tasksScope.cancel();
    this.pump();
  }

  /** The callback context of a task: params, its deps' outputs, the run. */
  context(index: number) {
    const upstream: Record<string, unknown> = {};
    for (const p of this.compiled.parents[index]!) upstream[this.compiled.tasks[p]!.id] = this.records.outputs.get(p);
    return { params: this.params, upstream, run: this.run };
  }

  private carry(): CarriedRun {
    const { states, children } = { states: this.scheduler.states, children: this.compiled.children };
    const waiting = (s: string) => s === 'none' || s === 'scheduled' || s === 'paused_on_failure';
    return {
      segment: this.segment + 1,
      dagVersion: this.run.dagVersion,
      logicalDateSource: this.run.logicalDateSource,
      scheduler: this.scheduler.snapshot(),
      records: this.records.carry((i) => children[i]!.some((c) => waiting(states[c]!))),
    };
  }

  private result(): DagRunResult {
    const states = this.scheduler.states;
    const tasks: Record<string, ReturnType<TaskRecords['summary']>> = {};
    states.forEach((s, i) => (tasks[this.compiled.tasks[i]!.id] = this.records.summary(i, s)));
    const failed = this.failRequested || runOutcome(this.compiled, states) === 'failed';
    return {
      ...runIdentity(this.run),
      state: failed ? 'failed' : 'success',
      segments: this.segment + 1,
      counts: countStates(states),
      tasks,
    };
  }
}

function* mapIter<T, U>(items: Iterable<T>, f: (t: T) => U): Iterable<U> {
  for (const item of items) yield f(item);
}
