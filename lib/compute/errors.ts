/**
 * Errors of the compute pool. Each says who throws it and when; none of them is a business
 * failure, so activities let them through as retryable errors.
 */

/** Thrown by `ComputePool.run`/`open` after `close()`, and by tasks still queued when it closes. */
export class ComputePoolClosedError extends Error {
  override readonly name = 'ComputePoolClosedError';
  constructor(readonly task: string) {
    super(`compute pool is closed; task ${task} was not run (the worker is shutting down)`);
  }
}

/** Thrown by `ComputePool.run` when the task's code threw inside the thread; carries its name and stack. */
export class ComputeTaskError extends Error {
  override readonly name = 'ComputeTaskError';
  constructor(
    readonly task: string,
    readonly remoteName: string,
    remoteMessage: string,
    readonly remoteStack: string | undefined,
  ) {
    super(`compute task ${task} failed in its thread: ${remoteName}: ${remoteMessage}`);
  }
}

/** Thrown by `ComputePool.run` when the thread running the task died (out of memory, a crash in native code). */
export class ComputeThreadExitedError extends Error {
  override readonly name = 'ComputeThreadExitedError';
  constructor(
    readonly task: string,
    readonly exitCode: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `the compute thread running task ${task} ${exitCode === undefined ? 'failed to start or crashed' : `exited with code ${exitCode}`}; ` +
        'the pool starts a new thread for the next task',
      options,
    );
  }
}
