import { metricMeter } from '@temporalio/workflow';
import type { TaskKind, TaskState } from '../../common/dag';
import { DAG_METRICS, type RunOutcome } from './metric-names';

/**
 * The DAG engine's metrics, emitted through the workflow's metric meter: the worker's runtime
 * exports them with its own (METRICS_PORT), the SDK drops them while a history replays, and they
 * are not commands, so histories replay as before. Durations use workflow time (the start of the
 * workflow task that saw the change), which is deterministic; they are as fine as workflow tasks.
 */
export class DagMetrics {
  private readonly startedAt = new Map<number, number>();

  constructor(private readonly dagId: string) {}

  runStarted(runKind: string): void {
    metricMeter.createCounter(DAG_METRICS.runsStarted, 'runs', 'DAG runs started').add(1, { dag: this.dagId, run_kind: runKind });
  }

  runFinished(outcome: RunOutcome): void {
    metricMeter.createCounter(DAG_METRICS.runsFinished, 'runs', 'DAG runs finished, by outcome').add(1, { dag: this.dagId, outcome });
  }

  /** Fed every state change: a task's duration is recorded when a task that ran settles. */
  onTaskState(index: number, task: { id: string; kind: TaskKind }, state: TaskState, now: number): void {
    if (state === 'running') {
      this.startedAt.set(index, now);
      return;
    }
    const started = this.startedAt.get(index);
    const outcome = state === 'paused_on_failure' ? 'failed' : state;
    if (started === undefined || (outcome !== 'success' && outcome !== 'failed' && outcome !== 'skipped')) return;
    this.startedAt.delete(index);
    metricMeter
      .createHistogram(DAG_METRICS.taskDuration, 'float', 's', 'Time from a task start to its end')
      .record(Math.max(0, now - started) / 1000, { dag: this.dagId, task: task.id, kind: task.kind, outcome });
  }

  taskFailed(taskId: string, errorType: string): void {
    metricMeter
      .createCounter(DAG_METRICS.taskFailures, 'tasks', 'Tasks failed after their retries, by error type')
      .add(1, { dag: this.dagId, task: taskId, error_type: errorType });
  }

  taskRetried(taskId: string): void {
    metricMeter.createCounter(DAG_METRICS.taskRetries, 'tasks', 'Tasks started again by an operator').add(1, { dag: this.dagId, task: taskId });
  }

  approvalDecided(taskId: string, waitedMs: number, decision: string, timedOut: boolean): void {
    metricMeter
      .createHistogram(DAG_METRICS.approvalWait, 'float', 's', 'How long an approval task waited for its decision')
      .record(Math.max(0, waitedMs) / 1000, { dag: this.dagId, task: taskId, decision, timed_out: timedOut });
  }
}
