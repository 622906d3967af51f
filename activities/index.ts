import type { ActivityDeps } from './deps';
import { createSkeletonCpuActivities, createSkeletonGpuActivities } from './skeleton/skeleton-activities';

export type { ActivityDeps } from './deps';

/** Activities registered on the `cpu` task queue. */
export function createCpuActivities(deps: ActivityDeps) {
  return { ...createSkeletonCpuActivities(deps) };
}

/** Activities registered on the `gpu` task queue (GPU nodes run only these). */
export function createGpuActivities(deps: ActivityDeps) {
  return { ...createSkeletonGpuActivities(deps) };
}

export type CpuActivities = ReturnType<typeof createCpuActivities>;
export type GpuActivities = ReturnType<typeof createGpuActivities>;
