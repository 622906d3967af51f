import type { CompiledDag } from './compile';
import { evaluateTriggerRule } from './trigger-rules';
import { isTerminal, type TaskState } from './types';

/** How a task ended, as reported by the runtime. */
export type TaskOutcome =
  | {
      readonly state: 'success';
      /** Children (task ids) that must see this task as skipped: branches not taken, rejections. */
      readonly skipChildren?: readonly string[] | 'all';
      /** Short-circuit: skip every task downstream, whatever its trigger rule. */
      readonly skipAllDownstream?: boolean;
    }
  | { readonly state: 'failed' | 'skipped' };

/** What a scheduler restores after continue-as-new. */
export interface SchedulerSnapshot {
  readonly states: readonly TaskState[];
  /** parent id → child ids that see the parent as skipped. */
  readonly skipEdges: Readonly<Record<string, readonly string[]>>;
  readonly forcedSkips: readonly string[];
}

export type StateListener = (index: number, state: TaskState) => void;

/**
 * The DAG state machine, free of Temporal: trigger rules, skip propagation, ready queue,
 * pause/resume and abort. Each event costs O(children of the changed tasks): per-task counters of
 * upstream outcomes are updated incrementally instead of rescanning the DAG.
 */
export class DagScheduler {
  readonly states: TaskState[];
  private readonly success: Int32Array;
  private readonly failed: Int32Array;
  private readonly upstreamFailed: Int32Array;
  private readonly skipped: Int32Array;
  private readonly skipEdges = new Map<number, Set<number>>();
  private readonly forced = new Set<number>();
  private readonly ready: number[] = [];
  private readyHead = 0;
  private terminal = 0;
  readonly running = new Set<number>();
  readonly paused = new Set<number>();
  /** Running tasks that are not teardown tasks. */
  private readonly work = new Set<number>();
  private aborting = false;

  constructor(
    readonly dag: CompiledDag,
    private readonly listener: StateListener = () => undefined,
    snapshot?: SchedulerSnapshot,
  ) {
    const n = dag.tasks.length;
    this.states = new Array<TaskState>(n).fill('none');
    this.success = new Int32Array(n);
    this.failed = new Int32Array(n);
    this.upstreamFailed = new Int32Array(n);
    this.skipped = new Int32Array(n);
    if (snapshot) this.restore(snapshot);
    for (let i = 0; i < n; i++) if (this.states[i] === 'none') this.evaluate(i);
  }

  get isFinished(): boolean {
    return this.terminal === this.states.length;
  }

  get doneCount(): number {
    return this.terminal;
  }

  get isAborting(): boolean {
    return this.aborting;
  }

  /** Next ready task, now `running`; undefined when none is ready. */
  takeReady(): number | undefined {
    while (this.readyHead < this.ready.length) {
      const i = this.ready[this.readyHead++]!;
      if (this.states[i] !== 'scheduled') continue;
      this.set(i, 'running');
      this.running.add(i);
      if (!this.dag.tasks[i]!.teardown) this.work.add(i);
      return i;
    }
    this.ready.length = 0;
    this.readyHead = 0;
    return undefined;
  }

  get hasReady(): boolean {
    for (let k = this.readyHead; k < this.ready.length; k++) if (this.states[this.ready[k]!] === 'scheduled') return true;
    return false;
  }

  complete(index: number, outcome: TaskOutcome): void {
    this.running.delete(index);
    if (!this.dag.tasks[index]!.teardown) this.work.delete(index);
    this.paused.delete(index);
    if (outcome.state === 'success') {
      if (outcome.skipChildren === 'all') this.skipEdges.set(index, new Set(this.dag.children[index]));
      else if (outcome.skipChildren && outcome.skipChildren.length > 0) {
        this.skipEdges.set(index, new Set(outcome.skipChildren.map((id) => this.dag.indexOf.get(id)!)));
      }
      if (outcome.skipAllDownstream) this.forceSkipDownstream(index);
    }
    this.finish(index, outcome.state);
    if (this.aborting && this.work.size === 0) {
      for (let i = 0; i < this.states.length; i++) {
        if (this.states[i] === 'none' && this.dag.tasks[i]!.teardown) this.evaluate(i);
      }
    }
  }

  private runningWork(): number {
    return this.work.size;
  }

  /** The task failed after its retries and waits for an operator (onTaskFailure: 'pause'). */
  pause(index: number): void {
    this.running.delete(index);
    this.paused.add(index);
    this.set(index, 'paused_on_failure');
  }

  /** Operator retry: the paused task becomes ready again. */
  resume(index: number): void {
    this.paused.delete(index);
    this.schedule(index);
  }

  /**
   * Stops the run (cancellation or failRun): undecided tasks are skipped and nothing but
   * teardown tasks starts from now on; paused tasks count as failed. Running tasks are left to
   * the runtime, which cancels them and reports their outcome.
   */
  abort(): void {
    this.aborting = true;
    for (const i of [...this.paused]) this.complete(i, { state: 'failed' });
    for (let i = 0; i < this.states.length; i++) {
      const s = this.states[i];
      if ((s === 'none' || s === 'scheduled') && !this.dag.tasks[i]!.teardown) this.finish(i, 'skipped');
    }
  }

  snapshot(): SchedulerSnapshot {
    const skipEdges: Record<string, string[]> = {};
    for (const [p, cs] of this.skipEdges) skipEdges[this.dag.tasks[p]!.id] = [...cs].map((c) => this.dag.tasks[c]!.id);
    return {
      // In-flight work is drained before continue-as-new; what was merely ready is re-derived.
      states: this.states.map((s) => (s === 'scheduled' ? 'none' : s)),
      skipEdges,
      forcedSkips: [...this.forced].map((i) => this.dag.tasks[i]!.id),
    };
  }

  private restore(snapshot: SchedulerSnapshot): void {
    for (const [parent, cs] of Object.entries(snapshot.skipEdges)) {
      this.skipEdges.set(this.dag.indexOf.get(parent)!, new Set(cs.map((c) => this.dag.indexOf.get(c)!)));
    }
    for (const id of snapshot.forcedSkips) this.forced.add(this.dag.indexOf.get(id)!);
    snapshot.states.forEach((s, i) => {
      if (s === 'paused_on_failure') this.paused.add(i);
      if (s === 'paused_on_failure' || isTerminal(s)) this.states[i] = s;
      if (isTerminal(s)) this.terminal++;
    });
    snapshot.states.forEach((s, i) => {
      if (isTerminal(s)) for (const c of this.dag.children[i]!) this.count(i, c, s);
    });
  }

  private forceSkipDownstream(index: number): void {
    const stack = [...this.dag.children[index]!];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (this.forced.has(i) || this.dag.tasks[i]!.teardown) continue;
      this.forced.add(i);
      stack.push(...this.dag.children[i]!);
    }
  }

  private finish(index: number, state: TaskState): void {
    // Iterative propagation: a skip can cascade through thousands of tasks.
    const work: [number, TaskState][] = [[index, state]];
    while (work.length > 0) {
      const [i, s] = work.pop()!;
      if (isTerminal(this.states[i]!)) continue;
      this.set(i, s);
      this.terminal++;
      for (const c of this.dag.children[i]!) {
        this.count(i, c, s);
        if (this.states[c] !== 'none') continue;
        const verdict = this.verdict(c);
        if (verdict === 'run') this.schedule(c);
        else if (verdict !== 'wait') work.push([c, verdict]);
      }
    }
  }

  private evaluate(i: number): void {
    const verdict = this.verdict(i);
    if (verdict === 'run') this.schedule(i);
    else if (verdict !== 'wait') this.finish(i, verdict);
  }

  private verdict(i: number): 'wait' | 'run' | 'skipped' | 'upstream_failed' {
    const task = this.dag.tasks[i]!;
    if (this.forced.has(i)) return 'skipped';
    const v = evaluateTriggerRule(task.triggerRule, {
      total: this.dag.parents[i]!.length,
      success: this.success[i]!,
      failed: this.failed[i]!,
      upstreamFailed: this.upstreamFailed[i]!,
      skipped: this.skipped[i]!,
    });
    if (v === 'run' && this.aborting) {
      if (!task.teardown) return 'skipped';
      // Cleanup waits until cancelled work has really stopped.
      if (this.runningWork() > 0) return 'wait';
    }
    return v;
  }

  private count(parent: number, child: number, state: TaskState): void {
    const seen = this.skipEdges.get(parent)?.has(child) ? 'skipped' : state;
    if (seen === 'success') this.success[child]!++;
    else if (seen === 'failed') this.failed[child]!++;
    else if (seen === 'upstream_failed') this.upstreamFailed[child]!++;
    else if (seen === 'skipped') this.skipped[child]!++;
  }

  private schedule(i: number): void {
    this.set(i, 'scheduled');
    this.ready.push(i);
  }

  private set(i: number, state: TaskState): void {
    this.states[i] = state;
    this.listener(i, state);
  }
}
