import type { DagSpec, TaskSpec } from './types';

/**
 * Index-based view of a validated DAG: tasks by position, parents and children as index lists.
 * Built once per run segment so the scheduler's per-event work is O(children), not O(tasks).
 */
export interface CompiledDag {
  readonly spec: DagSpec;
  readonly tasks: readonly TaskSpec[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly parents: readonly (readonly number[])[];
  readonly children: readonly (readonly number[])[];
}

export function compileDag(spec: DagSpec): CompiledDag {
  const indexOf = new Map<string, number>();
  spec.tasks.forEach((task, i) => indexOf.set(task.id, i));
  const parents: number[][] = spec.tasks.map(() => []);
  const children: number[][] = spec.tasks.map(() => []);
  spec.tasks.forEach((task, i) => {
    for (const dep of task.deps) {
      const p = indexOf.get(dep);
      if (p === undefined) continue;
      parents[i]?.push(p);
      children[p]?.push(i);
    }
  });
  return { spec, tasks: spec.tasks, indexOf, parents, children };
}
