import type { CompiledDag } from './compile';
import { jsonByteLength, SMALL_OUTPUT_BYTES } from './output-size';
import type { ApprovalAwaiting, PausedOnFailure, TaskStatus, TaskSummary } from './run-types';
import type { TaskState } from './types';

type Decision = NonNullable<TaskStatus['decision']>;

/** Compact form of the records carried through continue-as-new. */
export interface CarriedRecords {
  /** Epoch ms every time below is relative to. */
  readonly t0: number;
  /** Flat `[start, end]` per task, relative to t0; -1 when unknown. */
  readonly times: readonly number[];
  readonly tries: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Epoch ms at which a task paused on failure fails, by task id (absent in older chains). */
  readonly pauseDeadlines?: Readonly<Record<string, number>>;
}

/**
 * Everything the Query and the result report about tasks, beside their state: timings, tries,
 * errors, outputs. Outputs are kept by value for downstream tasks; continue-as-new carries only
 * those still needed downstream or small enough for the summary.
 */
export class TaskRecords {
  private readonly startedAt: number[];
  private readonly endedAt: number[];
  private readonly tries: number[];
  readonly errors = new Map<number, string>();
  readonly outputs = new Map<number, unknown>();
  readonly mapped = new Map<number, { total: number; done: number }>();
  readonly decisions = new Map<number, Decision>();
  /** Approval tasks waiting for a decision (never carried: a run drains before continue-as-new). */
  readonly awaiting = new Map<number, ApprovalAwaiting>();
  /** Tasks paused on failure: the operator actions and the pause deadline. */
  readonly paused = new Map<number, PausedOnFailure>();
  /** Activity attempts, when Temporal reported them (retries exhausted). */
  readonly attempts = new Map<number, number>();

  constructor(
    private readonly dag: CompiledDag,
    carried?: CarriedRecords,
  ) {
    const n = dag.tasks.length;
    this.startedAt = new Array<number>(n).fill(-1);
    this.endedAt = new Array<number>(n).fill(-1);
    this.tries = new Array<number>(n).fill(0);
    if (carried) this.restore(carried);
  }

  /** Keeps timings and tries in step with state changes. */
  onState(i: number, state: TaskState, now: number): void {
    if (state === 'running') {
      this.startedAt[i] = now;
      this.endedAt[i] = -1;
      this.tries[i] = (this.tries[i] ?? 0) + 1;
      this.errors.delete(i);
    } else if (state !== 'scheduled' && state !== 'none') {
      this.endedAt[i] = now;
    }
  }

  status(i: number, state: TaskState): TaskStatus {
    const task = this.dag.tasks[i]!;
    const started = this.startedAt[i]!;
    const ended = this.endedAt[i]!;
    const error = this.errors.get(i);
    const mapped = this.mapped.get(i);
    const decision = this.decisions.get(i);
    const attempts = this.attempts.get(i);
    const awaiting = this.awaiting.get(i);
    const paused = state === 'paused_on_failure' ? (this.paused.get(i) ?? pausedUntil(undefined)) : undefined;
    return {
      taskId: task.id,
      kind: task.kind,
      state,
      tries: this.tries[i]!,
      ...(attempts !== undefined ? { attempts } : {}),
      ...(started >= 0 ? { startedAt: started } : {}),
      ...(ended >= 0 ? { endedAt: ended } : {}),
      ...(error !== undefined ? { error } : {}),
      ...(this.outputs.has(i) ? { output: smallOutput(this.outputs.get(i)) } : {}),
      ...(mapped ? { mapped: { ...mapped } } : {}),
      ...(decision ? { decision } : {}),
      ...(awaiting ? { awaiting } : {}),
      ...(paused ? { paused } : {}),
    };
  }

  summary(i: number, state: TaskState): TaskSummary {
    const error = this.errors.get(i);
    const output = this.outputs.get(i);
    return {
      state,
      ...(error !== undefined ? { error } : {}),
      ...(output !== undefined ? { output: smallOutput(output) } : {}),
    };
  }

  /** `neededBy(i)`: some downstream task of i has not started yet and may read its output. */
  carry(neededBy: (i: number) => boolean): CarriedRecords {
    let t0 = Infinity;
    for (const t of this.startedAt) if (t >= 0 && t < t0) t0 = t;
    if (t0 === Infinity) t0 = 0;
    const times: number[] = [];
    const tries: Record<string, number> = {};
    const errors: Record<string, string> = {};
    const outputs: Record<string, unknown> = {};
    const pauseDeadlines: Record<string, number> = {};
    this.dag.tasks.forEach((task, i) => {
      const pauseDeadline = this.paused.get(i)?.deadline;
      if (pauseDeadline !== undefined) pauseDeadlines[task.id] = pauseDeadline;
      times.push(rel(this.startedAt[i]!, t0), rel(this.endedAt[i]!, t0));
      if (this.tries[i]! > 0) tries[task.id] = this.tries[i]!;
      const error = this.errors.get(i);
      if (error !== undefined) errors[task.id] = error;
      const output = this.outputs.get(i);
      if (output !== undefined && (neededBy(i) || jsonByteLength(output) <= SMALL_OUTPUT_BYTES)) outputs[task.id] = output;
    });
    return { t0, times, tries, errors, outputs, ...(Object.keys(pauseDeadlines).length > 0 ? { pauseDeadlines } : {}) };
  }

  private restore(c: CarriedRecords): void {
    this.dag.tasks.forEach((task, i) => {
      const s = c.times[2 * i] ?? -1;
      const e = c.times[2 * i + 1] ?? -1;
      this.startedAt[i] = s >= 0 ? c.t0 + s : -1;
      this.endedAt[i] = e >= 0 ? c.t0 + e : -1;
      this.tries[i] = c.tries[task.id] ?? 0;
      const error = c.errors[task.id];
      if (error !== undefined) this.errors.set(i, error);
      if (task.id in c.outputs) this.outputs.set(i, c.outputs[task.id]);
      const pauseDeadline = c.pauseDeadlines?.[task.id];
      if (pauseDeadline !== undefined) this.paused.set(i, pausedUntil(pauseDeadline));
    });
  }
}

/** What getDagState shows of a paused task: the operator actions, and the deadline when there is one. */
export function pausedUntil(deadline: number | undefined): PausedOnFailure {
  return {
    actions: ['retryTask', 'skipTask', 'failRun'],
    ...(deadline !== undefined ? { deadline, deadlineAt: new Date(deadline).toISOString() } : {}),
  };
}

function rel(t: number, t0: number): number {
  return t >= 0 ? t - t0 : -1;
}

function smallOutput(output: unknown): unknown {
  const bytes = jsonByteLength(output);
  return bytes <= SMALL_OUTPUT_BYTES ? output : { omittedBytes: bytes };
}
