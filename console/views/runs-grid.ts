import type { RunView } from '../../client/client-types';
import { DAGS } from '../../client/dag-catalog';
import type { TaskState } from '../../common/dag';
import { outcomeCellOf } from './outcome-cell';
import type { RunsGrid } from './types';

/**
 * Runs × tasks: the columns are the tasks of every run's DAG, in DAG order (the first DAG's
 * tasks, then tasks only later DAGs have); a task a run does not have stays empty. Pure.
 */
export function buildGrid(views: readonly RunView[]): RunsGrid {
  const taskIds: string[] = [];
  const seen = new Set<string>();
  const add = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      taskIds.push(id);
    }
  };
  for (const view of views) {
    const dagId = view.state?.dagId ?? view.result?.dagId ?? view.workflowType;
    const dag = Object.hasOwn(DAGS, dagId) ? DAGS[dagId] : undefined;
    if (dag) dag.tasks.forEach((t) => add(t.id));
    view.tasks.forEach((t) => add(t.taskId));
  }
  const runs = views.map((view) => {
    const states: Partial<Record<string, TaskState>> = {};
    for (const t of view.tasks) states[t.taskId] = t.state;
    const logicalDate = view.logicalDate;
    const dagId = view.state?.dagId ?? view.result?.dagId ?? view.workflowType;
    return { workflowId: view.workflowId, dagId, ...(logicalDate !== undefined ? { logicalDate } : {}), outcome: outcomeCellOf(view), states };
  });
  return { taskIds, runs };
}
