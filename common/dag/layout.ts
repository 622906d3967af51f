import type { DagSpec } from './types';

/** Task ids grouped into layers: each task one layer below its deepest dependency. */
export function layerTasks(spec: Pick<DagSpec, 'tasks'>): string[][] {
  const depth = new Map<string, number>();
  const byId = new Map(spec.tasks.map((t) => [t.id, t] as const));
  const depthOf = (id: string, guard: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (guard.has(id)) return 0; // a cycle; validation reports it, drawing still works
    guard.add(id);
    const deps = byId.get(id)?.deps.filter((d) => byId.has(d)) ?? [];
    const d = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((dep) => depthOf(dep, guard)));
    depth.set(id, d);
    return d;
  };
  const layers: string[][] = [];
  for (const task of spec.tasks) {
    const d = depthOf(task.id, new Set());
    (layers[d] ??= []).push(task.id);
  }
  return layers.filter((l) => l !== undefined);
}
