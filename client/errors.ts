import { describeValue } from '../common/validation';
/**
 * Errors of the factory client, codes as data. Each names who throws it and when, carries its
 * context as readonly fields, and says how to fix the call.
 */
export const CLIENT_ERROR_CODES = {
  invalidParams: 'InvalidRunParams',
  unknownDag: 'UnknownDag',
  runNotFound: 'RunNotFound',
  approvalRefused: 'ApprovalRejectedByValidator',
  registryNotConfigured: 'RegistryNotConfigured',
  actionRefused: 'RunActionRefused',
  waitTimeout: 'RunWaitTimeout',
  paramsDiffer: 'RunParamsDiffer',
  invalidFilter: 'InvalidRunFilter',
  invalidArgument: 'InvalidCallArgument',
} as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[keyof typeof CLIENT_ERROR_CODES];

/** Base of every error the factory client throws on purpose. */
export abstract class FactoryClientError extends Error {
  abstract readonly code: ClientErrorCode;
}

/**
 * Thrown by `startRun` before any call to Temporal when the params, the logical date or the run
 * kind fail the DAG's own schema (the one the workflow checks again). Nothing was started.
 */
export class InvalidRunParamsError extends FactoryClientError {
  override readonly name: string = 'InvalidRunParamsError';
  readonly code = CLIENT_ERROR_CODES.invalidParams;
  constructor(
    readonly dagId: string,
    /** Every failing path with its value, e.g. `params.epochs: expected number, got "ten"`. */
    readonly problems: readonly string[],
  ) {
    super(`invalid input for ${dagId}: ${problems.join('; ')}. Nothing was started; fix the values listed (\`factory dags show ${dagId}\` lists every param)`);
  }
}

/** Thrown by `startRetraining` for bad retraining params; see InvalidRunParamsError. */
export class InvalidRetrainingParamsError extends InvalidRunParamsError {
  override readonly name = 'InvalidRetrainingParamsError';
}

/** Thrown when a DAG id is not one this package knows how to start or show. */
export class UnknownDagError extends FactoryClientError {
  override readonly name = 'UnknownDagError';
  readonly code = CLIENT_ERROR_CODES.unknownDag;
  constructor(
    readonly dagId: string,
    readonly known: readonly string[],
  ) {
    super(`unknown DAG ${JSON.stringify(dagId)}: known DAGs are ${known.join(', ')}`);
  }
}

/** Thrown by getRun, waitForRun and the approval calls when no run has the workflow id. */
export class RunNotFoundError extends FactoryClientError {
  override readonly name = 'RunNotFoundError';
  readonly code = CLIENT_ERROR_CODES.runNotFound;
  constructor(
    readonly workflowId: string,
    readonly namespace: string,
    options?: { cause?: unknown },
  ) {
    super(
      `no run with workflow id ${JSON.stringify(workflowId)} in namespace ${JSON.stringify(namespace)}: ` +
        'check the id (retraining runs are weekly_retraining/<model>/<ISO week>) and TEMPORAL_NAMESPACE',
      options,
    );
  }
}

/**
 * Thrown by approvePromotion / rejectPromotion when the run refuses the decision: its Update
 * validator rejected it (the task is not waiting for approval, `by` is empty, ...) or the run
 * has ended. Nothing was recorded.
 */
export class ApprovalRejectedByValidatorError extends FactoryClientError {
  override readonly name = 'ApprovalRejectedByValidatorError';
  readonly code = CLIENT_ERROR_CODES.approvalRefused;
  constructor(
    readonly workflowId: string,
    readonly taskId: string,
    readonly decision: string,
    /** The validator's own message, which quotes the bad value or the task's state. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`run ${JSON.stringify(workflowId)} refused to ${decision} task "${taskId}": ${reason}`, options);
  }
}

/** Thrown by the registry reads (listModels, getVersion, ...) when the client was given no PostgreSQL. */
export class RegistryNotConfiguredError extends FactoryClientError {
  override readonly name = 'RegistryNotConfiguredError';
  readonly code = CLIENT_ERROR_CODES.registryNotConfigured;
  constructor(readonly operation: string = 'listModels') {
    super(`${operation} reads the model registry in PostgreSQL: pass { databaseUrl } or { pool } to createFactoryClient, or set DATABASE_URL`);
  }
}

/**
 * Thrown by cancelRun, failRun, retryTask, skipTask and steerRollout when the run refuses the action: its Update
 * validator's reason (the task is not paused on failure, the run is already stopping, an unknown
 * task id, ...) or the run has ended. Nothing changed.
 */
export class RunActionRefusedError extends FactoryClientError {
  override readonly name = 'RunActionRefusedError';
  readonly code = CLIENT_ERROR_CODES.actionRefused;
  /** The task acted on (retryTask, skipTask). */
  readonly taskId?: string;
  constructor(
    readonly workflowId: string,
    /** `cancelRun`, `failRun`, `retryTask`, `skipTask`, or a rollout's `pauseRollout`, `resumeRollout`, `promoteNow`, `abortRollout`. */
    readonly action: string,
    /** The validator's own message, or why the run could not take the action. */
    readonly reason: string,
    options?: { cause?: unknown; taskId?: string },
  ) {
    const target = options?.taskId !== undefined ? ` task "${options.taskId}"` : '';
    super(`run ${JSON.stringify(workflowId)} refused ${action}${target}: ${reason}`, options?.cause !== undefined ? { cause: options.cause } : undefined);
    if (options?.taskId !== undefined) this.taskId = options.taskId;
  }
}

/** Thrown by waitForRun when the run is still open after `timeoutMs`; the run goes on. */
export class RunWaitTimeoutError extends FactoryClientError {
  override readonly name = 'RunWaitTimeoutError';
  readonly code = CLIENT_ERROR_CODES.waitTimeout;
  constructor(
    readonly workflowId: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      `run ${JSON.stringify(workflowId)} was still open after ${timeoutMs} ms; it goes on: wait again, or read it with getRun`,
      options?.cause !== undefined ? { cause: options.cause } : undefined,
    );
  }
}

/** One param whose value differs between a start request and the run it attached to. */
export interface ParamDifference {
  /** e.g. `params.epochs`, `params.gate.minimum.f1` */
  readonly path: string;
  /** What this start asked for (after the DAG's defaults); undefined when it left it out. */
  readonly requested: unknown;
  /** What the existing run runs with; undefined when it has no such param. */
  readonly existing: unknown;
}

/**
 * Thrown by startRun / startRetraining with `onParamsDiffer: 'error'` when the business key
 * already has a run (running or completed) whose params differ from the request. Nothing was
 * started; the existing run goes on unchanged.
 */
export class RunParamsDifferError extends FactoryClientError {
  override readonly name = 'RunParamsDifferError';
  readonly code = CLIENT_ERROR_CODES.paramsDiffer;
  constructor(
    readonly workflowId: string,
    readonly runId: string,
    readonly differences: readonly ParamDifference[],
  ) {
    const list = differences.map((d) => `${d.path}: requested ${show(d.requested)}, the run has ${show(d.existing)}`).join('; ');
    super(
      `run ${JSON.stringify(workflowId)} already exists with other params (${list}). Nothing was started: ` +
        'wait for it, cancel it, or pass onParamsDiffer: "warn" to attach anyway',
    );
  }
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** Thrown by listRuns before any call when a filter field is invalid; `problems` names each field and value. */
export class InvalidRunFilterError extends FactoryClientError {
  override readonly name = 'InvalidRunFilterError';
  readonly code = CLIENT_ERROR_CODES.invalidFilter;
  constructor(readonly problems: readonly string[]) {
    super(`invalid listRuns filter: ${problems.join('; ')}`);
  }
}

/**
 * Thrown by a client call before anything is sent when an argument has the wrong shape (an empty
 * workflow id, `null` where an object of params is expected). Nothing was sent or started.
 */
export class InvalidCallArgumentError extends FactoryClientError {
  override readonly name = 'InvalidCallArgumentError';
  readonly code = CLIENT_ERROR_CODES.invalidArgument;
  constructor(
    readonly operation: string,
    readonly argument: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${operation}: ${argument} must be ${expected} (got ${describeValue(value) ?? 'undefined'}); nothing was sent`);
  }
}
