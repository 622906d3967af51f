// Worker threads for CPU-bound phases, so they never block the event loop that hosts workflow
// tasks. Node-only; workflow code must not import this folder.
import { z } from 'zod';
import { ComputePool, type ComputePoolOptions } from './compute-pool';

export { ComputePool } from './compute-pool';
export type { ComputePoolOptions, ComputeStream, RunOptions, StreamOptions } from './compute-pool';
export type { ComputeStreams, ComputeTasks, MalformedRow, ScanAck, ScoredModelSpec, ScoreModelsInput, ScoreProgress } from './compute-tasks';
export { Hash64Set } from './hash64-set';
export { ComputePoolClosedError, ComputeTaskError, ComputeThreadExitedError } from './errors';

const ThreadsSettingSchema = z.coerce.number().int().min(1).max(256).optional();

/**
 * Reads a thread-count setting such as the `COMPUTE_THREADS` environment variable: unset or
 * empty means "os.availableParallelism() - 1, at least 1". The error names the variable, the
 * value and what is expected.
 */
export function parseComputeThreads(value: string | undefined, variable = 'COMPUTE_THREADS'): number | undefined {
  const parsed = ThreadsSettingSchema.safeParse(value === '' ? undefined : value);
  if (parsed.success) return parsed.data;
  throw new RangeError(`${variable} must be an integer from 1 to 256 or unset (got ${JSON.stringify(value)})`);
}

let shared: ComputePool | undefined;

/**
 * The process's pool, created on first use (threads start only when a task needs one). Every
 * activity factory defaults to it, so one process never runs more compute threads than its size.
 */
export function sharedComputePool(options?: ComputePoolOptions): ComputePool {
  shared ??= new ComputePool(options ?? { ...optionalSize(parseComputeThreads(process.env.COMPUTE_THREADS)) });
  return shared;
}

/** Terminates the shared pool's threads; call once the process's workers have shut down. */
export async function closeSharedComputePool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}

const optionalSize = (size: number | undefined): ComputePoolOptions => (size === undefined ? {} : { size });
