/** Thrown when PostgreSQL cannot be started (embedded) or reached (external) at start-up. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(
    message: string,
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown by the migrator when one migration file fails; nothing of that file is applied. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly file: string,
    options: { cause: unknown },
  ) {
    super(`migration ${file} failed and was rolled back: ${(options.cause as Error).message}`, options);
  }
}
