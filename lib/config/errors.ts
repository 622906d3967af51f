import { redactSetting } from './redact';

/** Thrown by `loadConfig` when an environment variable or config-file entry is missing or malformed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The value as it may be shown: a malformed DATABASE_URL or API key is still a secret. */
  readonly value: unknown;

  constructor(
    readonly variable: string,
    value: unknown,
    readonly expected: string,
  ) {
    const shown = redactSetting(variable, value);
    super(`${variable}=${JSON.stringify(shown)} is invalid: expected ${expected}`);
    this.value = shown;
  }
}
