import { formatDuration } from '../../common/dag/duration';
import type { TaskState, TaskStatus } from '../../common/dag';

/** What a run's picture reads of each task: the getDagState answer or the client's RunView tasks. */
export type PictureTask = Pick<TaskStatus, 'taskId' | 'state'> & Partial<Pick<TaskStatus, 'tries' | 'startedAt' | 'endedAt' | 'mapped'>>;

/**
 * The `states` and `labels` of renderDagSvg for a run: each task's state, and a line with its
 * try (after operator retries), mapped items done and how long it ran (or has been running).
 */
export function runPictureOptions(tasks: readonly PictureTask[], nowMs: number): { states: Record<string, TaskState>; labels: Record<string, string> } {
  const states: Record<string, TaskState> = {};
  const labels: Record<string, string> = {};
  for (const task of tasks) {
    states[task.taskId] = task.state;
    const parts: string[] = [];
    if (task.tries !== undefined && task.tries > 1) parts.push(`try ${task.tries}`);
    if (task.mapped) parts.push(`${task.mapped.done}/${task.mapped.total} items`);
    if (task.startedAt !== undefined) parts.push(formatDuration(Math.max(0, (task.endedAt ?? nowMs) - task.startedAt)));
    if (parts.length > 0) labels[task.taskId] = parts.join(' · ');
  }
  return { states, labels };
}
