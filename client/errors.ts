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

/** Thrown by listModels when the client was given no PostgreSQL for the registry. */
export class RegistryNotConfiguredError extends FactoryClientError {
  override readonly name = 'RegistryNotConfiguredError';
  readonly code = CLIENT_ERROR_CODES.registryNotConfigured;
  constructor() {
    super('listModels reads the model registry in PostgreSQL: pass { databaseUrl } or { pool } to createFactoryClient, or set DATABASE_URL');
  }
}
