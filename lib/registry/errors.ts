/**
 * Error codes as data: activities turn a RegistryError into a non-retryable ApplicationFailure
 * whose type is the code, so workflows can branch on it without parsing messages.
 */
export const REGISTRY_ERROR_CODES = {
  invalidInput: 'InvalidRegistryInput',
  unknownModelVersion: 'UnknownModelVersion',
  registrationConflict: 'RegistrationConflict',
  invalidTransition: 'InvalidStatusTransition',
  gateNotPassed: 'GateNotPassed',
  championChanged: 'ChampionChanged',
  noPreviousChampion: 'NoPreviousChampion',
} as const;

export type RegistryErrorCode = (typeof REGISTRY_ERROR_CODES)[keyof typeof REGISTRY_ERROR_CODES];

/** Base of every business failure of the registry; retrying the same call fails the same way. */
export abstract class RegistryError extends Error {
  abstract readonly code: RegistryErrorCode;
  /** Readonly context for the ApplicationFailure details. */
  abstract details(): Record<string, unknown>;
}

/** Thrown by every ModelRegistry method when its input fails the zod schema; nothing is written. */
export class InvalidRegistryInputError extends RegistryError {
  override readonly name = 'InvalidRegistryInputError';
  readonly code = REGISTRY_ERROR_CODES.invalidInput;
  constructor(
    readonly what: string,
    readonly issues: readonly string[],
  ) {
    super(`invalid ${what}: ${issues.join('; ')}`);
  }
  details() {
    return { what: this.what, issues: this.issues };
  }
}

/** Thrown when a model, or a version of it, does not exist. */
export class UnknownModelVersionError extends RegistryError {
  override readonly name = 'UnknownModelVersionError';
  readonly code = REGISTRY_ERROR_CODES.unknownModelVersion;
  constructor(
    readonly model: string,
    readonly version: number | undefined,
    /** Highest existing version (null: the model has none); undefined when the model is not registered. */
    readonly latest: number | null | undefined,
  ) {
    super(
      latest === undefined
        ? `${version === undefined ? '' : `version ${version} of `}model ${JSON.stringify(model)} does not exist: the model is not registered`
        : `version ${version} of model ${JSON.stringify(model)} does not exist (${latest === null ? 'it has no versions' : `latest: ${latest}`})`,
    );
  }
  details() {
    return { model: this.model, version: this.version, latest: this.latest };
  }
}

/**
 * Thrown by registerVersion when the registration key is already taken by a different model or
 * different model bytes: the step was re-run and produced something else (for example after a
 * workflow reset), and silently returning the old version would hide that.
 */
export class RegistrationConflictError extends RegistryError {
  override readonly name = 'RegistrationConflictError';
  readonly code = REGISTRY_ERROR_CODES.registrationConflict;
  constructor(
    readonly registrationKey: string,
    readonly existing: { model: string; version: number; modelSha256: string },
    readonly attempted: { model: string; modelSha256: string },
  ) {
    super(
      `registration key ${JSON.stringify(registrationKey)} already registered version ${existing.version} of model ` +
        `${JSON.stringify(existing.model)} (model sha256 ${existing.modelSha256}); this call has model ` +
        `${JSON.stringify(attempted.model)} with sha256 ${attempted.modelSha256}. Use a new workflow id to register a different model.`,
    );
  }
  details() {
    return { registrationKey: this.registrationKey, existing: this.existing, attempted: this.attempted };
  }
}

/** Thrown when a version's status does not allow the requested change (e.g. promoting a rejected version). */
export class InvalidStatusTransitionError extends RegistryError {
  override readonly name = 'InvalidStatusTransitionError';
  readonly code = REGISTRY_ERROR_CODES.invalidTransition;
  constructor(
    readonly model: string,
    readonly version: number,
    readonly status: string,
    readonly action: string,
    readonly allowed: readonly string[],
  ) {
    super(
      `cannot ${action} version ${version} of model ${JSON.stringify(model)}: its status is ${JSON.stringify(status)}` +
        (allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ''),
    );
  }
  details() {
    return { model: this.model, version: this.version, status: this.status, action: this.action, allowed: this.allowed };
  }
}

/** Thrown when a version whose evaluation gate failed is offered as challenger or champion. */
export class GateNotPassedError extends RegistryError {
  override readonly name = 'GateNotPassedError';
  readonly code = REGISTRY_ERROR_CODES.gateNotPassed;
  constructor(
    readonly model: string,
    readonly version: number,
    readonly reasons: readonly string[],
  ) {
    super(`version ${version} of model ${JSON.stringify(model)} did not pass its evaluation gate: ${reasons.join('; ') || 'no reasons recorded'}`);
  }
  details() {
    return { model: this.model, version: this.version, reasons: this.reasons };
  }
}

/**
 * Thrown when the caller names the champion it expects (the one its candidate was compared with,
 * or the one it rolls back from) and another version holds the alias now.
 */
export class ChampionChangedError extends RegistryError {
  override readonly name = 'ChampionChangedError';
  readonly code = REGISTRY_ERROR_CODES.championChanged;
  constructor(
    readonly model: string,
    readonly expected: number | null,
    readonly actual: number | null,
  ) {
    super(
      `champion of model ${JSON.stringify(model)} is ${actual === null ? 'unset' : `version ${actual}`}, ` +
        `not ${expected === null ? 'unset' : `version ${expected}`} as expected; nothing was changed`,
    );
  }
  details() {
    return { model: this.model, expected: this.expected, actual: this.actual };
  }
}

/** Thrown by rollback when no earlier champion is recorded in the alias history. */
export class NoPreviousChampionError extends RegistryError {
  override readonly name = 'NoPreviousChampionError';
  readonly code = REGISTRY_ERROR_CODES.noPreviousChampion;
  constructor(
    readonly model: string,
    readonly current: number | null,
  ) {
    super(
      current === null
        ? `model ${JSON.stringify(model)} has no champion to roll back`
        : `version ${current} of model ${JSON.stringify(model)} was the first champion; there is no earlier champion to roll back to`,
    );
  }
  details() {
    return { model: this.model, current: this.current };
  }
}
