// Worker threads for CPU-bound phases, so they never block the event loop that hosts workflow
// tasks. Node-only; workflow code must not import this folder.
import { ComputePool, type ComputePoolOptions } from './compute-pool';

export { ComputePool } from './compute-pool';
export type { ComputePoolOptions, ComputeStream, RunOptions, StreamOptions } from './compute-pool';
export type { ComputeStreams, ComputeTasks, MalformedRow, ScanAck, ScoredModelSpec, ScoreModelsInput, ScoreProgress } from './compute-tasks';
export { Hash64Set } from './hash64-set';
export { ComputePoolClosedError, ComputeTaskError, ComputeThreadExitedError } from './errors';

let shared: ComputePool | undefined;

/**
 * The process's pool, created on first use (threads start only when a task needs one). Every
 * activity factory defaults to it, so one process never runs more compute threads than its size.
 * Worker processes size it from COMPUTE_THREADS (lib/config) before building their activities.
 */
export function sharedComputePool(options: ComputePoolOptions = {}): ComputePool {
  shared ??= new ComputePool(options);
  return shared;
}

/** Terminates the shared pool's threads; call once the process's workers have shut down. */
export async function closeSharedComputePool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
