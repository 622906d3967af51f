import { createFindCompletedRun, type EngineActivityDeps } from './find-completed-run';

export type { CompletedRun, EngineActivityDeps, FindCompletedRunInput } from './find-completed-run';

/** Activities the DAG engine itself calls (not named by any DAG); registered on every cpu worker. */
export function createEngineActivities(deps: EngineActivityDeps = {}) {
  return { findCompletedRun: createFindCompletedRun(deps) };
}

export type EngineActivities = ReturnType<typeof createEngineActivities>;
