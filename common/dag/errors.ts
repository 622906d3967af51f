/**
 * Error codes of the DAG engine, as data. A code is also the `type` of the ApplicationFailure a
 * run fails with, so clients and the Web UI can tell a bad definition from a failed task.
 */
export const DAG_ERROR_CODES = {
  /** Thrown by `build()` / `validateDag()`: the DAG's structure is wrong. */
  invalidDag: 'InvalidDag',
  /** A run's params fail the DAG's zod schema; the run starts no task. */
  invalidParams: 'InvalidDagParams',
  /** A task returned more than `maxOutputBytes`; not retryable. */
  outputTooLarge: 'DagTaskOutputTooLarge',
  /** A sensor did not see its condition before its timeout. */
  sensorTimeout: 'DagSensorTimeout',
  /** A branch returned an id that is not one of its direct downstream tasks. */
  invalidBranch: 'DagInvalidBranch',
  /** An item of a mapped task failed after its retries; no further item starts. */
  mapItemFailed: 'DagMapItemFailed',
  /** An approval was rejected (with `onReject: 'fail'`). */
  approvalRejected: 'DagApprovalRejected',
  /** At least one task failed; the failure's details hold the run summary. */
  runFailed: 'DagRunFailed',
} as const;
export type DagErrorCode = (typeof DAG_ERROR_CODES)[keyof typeof DAG_ERROR_CODES];

/** Every problem found in a DAG definition, one message per problem. */
export class DagValidationError extends Error {
  override readonly name = 'DagValidationError';
  readonly code = DAG_ERROR_CODES.invalidDag;
  constructor(
    readonly dagId: string,
    readonly problems: readonly string[],
  ) {
    super(`DAG "${dagId}" is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The params of one run fail the DAG's schema. `problems` lists every failing path. */
export class DagParamsError extends Error {
  override readonly name = 'DagParamsError';
  readonly code = DAG_ERROR_CODES.invalidParams;
  constructor(
    readonly dagId: string,
    readonly problems: readonly string[],
  ) {
    super(`params of DAG "${dagId}" are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A task's output is too large to pass by value. */
export class DagOutputTooLargeError extends Error {
  override readonly name = 'DagOutputTooLargeError';
  readonly code = DAG_ERROR_CODES.outputTooLarge;
  constructor(
    readonly taskId: string,
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `task "${taskId}" returned ${formatKiB(bytes)}, over the ${formatKiB(limitBytes)} limit for outputs ` +
        'passed downstream by value; store the data as an artifact and return its URI instead',
    );
  }
}

export function formatKiB(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
}
