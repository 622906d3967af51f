/**
 * Error codes as data: the HTTP app maps each to a status, and the deploy_model activities turn
 * an InvalidServingInputError into a non-retryable ApplicationFailure whose type is the code.
 */
export const SERVING_ERROR_CODES = {
  invalidInput: 'InvalidServingInput',
  modelNotServed: 'ModelNotServed',
  modelLoad: 'ModelLoadFailed',
  logFull: 'PredictionLogFull',
} as const;

export type ServingErrorCode = (typeof SERVING_ERROR_CODES)[keyof typeof SERVING_ERROR_CODES];

/** Base of the serving area's errors; `status` is the HTTP status the app answers with. */
export abstract class ServingError extends Error {
  abstract readonly code: ServingErrorCode;
  abstract readonly status: 400 | 404 | 413 | 503;
}

/**
 * Thrown by the traffic store and the HTTP app when input fails its schema; nothing is written.
 * Each issue names the field, quotes the value and says what was expected.
 */
export class InvalidServingInputError extends ServingError {
  override readonly name = 'InvalidServingInputError';
  readonly code = SERVING_ERROR_CODES.invalidInput;
  constructor(
    readonly what: string,
    readonly issues: readonly string[],
    readonly status: 400 | 413 = 400,
  ) {
    super(`invalid ${what}: ${issues.join('; ')}`);
  }
}

/** Thrown by predict when the service has no loaded version of the model (not registered, no champion, or every load failed). */
export class ModelNotServedError extends ServingError {
  override readonly name = 'ModelNotServedError';
  readonly code = SERVING_ERROR_CODES.modelNotServed;
  constructor(
    readonly model: string,
    readonly served: readonly string[],
    readonly status: 404 | 503 = 404,
    detail?: string,
  ) {
    super(
      `model ${JSON.stringify(model)} is not served here` +
        (detail ? `: ${detail}` : '') +
        ` (served: ${served.length > 0 ? served.map((m) => JSON.stringify(m)).join(', ') : 'none'})`,
    );
  }
}

/**
 * Thrown by the model loader when a version's artifact cannot be served: its bytes do not hash to
 * the registry's sha256, or they do not parse as a model. The version being served stays.
 */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  readonly code = SERVING_ERROR_CODES.modelLoad;
  constructor(
    readonly model: string,
    readonly version: number,
    readonly artifactUri: string,
    readonly reason: 'sha256-mismatch' | 'unloadable' | 'unreadable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot load version ${version} of model ${JSON.stringify(model)} from ${artifactUri}: ${message}`, options);
  }
}

/** Thrown by the prediction log when its queue stays full past the wait; the app answers 503. */
export class PredictionLogFullError extends ServingError {
  override readonly name = 'PredictionLogFullError';
  readonly code = SERVING_ERROR_CODES.logFull;
  readonly status = 503;
  constructor(
    readonly capacity: number,
    readonly waitedMs: number,
  ) {
    super(`prediction log queue is full (${capacity} entries) and did not drain within ${waitedMs} ms; retry later`);
  }
}
