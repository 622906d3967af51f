import { redactSetting } from './redact';

/** Thrown by `loadConfig` when an environment variable or config-file entry is missing or malformed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    // A malformed DATABASE_URL or API key is still a secret: the message never quotes one.
    super(`${variable}=${JSON.stringify(redactSetting(variable, value))} is invalid: expected ${expected}`);
  }
}
