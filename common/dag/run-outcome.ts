import type { CompiledDag } from './compile';
import type { TaskState } from './types';

/**
 * Airflow's rule: a run fails when one of its leaves failed or is upstream_failed. A leaf is a
 * task no other (non-teardown) task depends on; teardown tasks never fail the run. A failure
 * that a downstream `one_failed`/`all_done` task handled therefore does not fail the run.
 */
export function runOutcome(dag: CompiledDag, states: readonly TaskState[]): 'success' | 'failed' {
  for (let i = 0; i < dag.tasks.length; i++) {
    if (dag.tasks[i]!.teardown) continue;
    const isLeaf = dag.children[i]!.every((c) => dag.tasks[c]!.teardown);
    const s = states[i];
    if (isLeaf && (s === 'failed' || s === 'upstream_failed')) return 'failed';
  }
  return 'success';
}

/** Count of tasks per state, states with zero tasks left out. */
export function countStates(states: readonly TaskState[]): Partial<Record<TaskState, number>> {
  const counts: Partial<Record<TaskState, number>> = {};
  for (const s of states) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}
