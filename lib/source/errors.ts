/** Thrown by parseSourceConfig when the source configuration does not match its schema. */
export class SourceConfigError extends Error {
  override readonly name = 'SourceConfigInvalid';
  constructor(
    message: string,
    /** Dotted paths of the offending fields, e.g. `columns.eventTime`. */
    readonly fields: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown by checkSource when the configured table or columns do not exist in the database. */
export class SourceNotFoundError extends Error {
  override readonly name = 'SourceNotFound';
  constructor(
    message: string,
    readonly table: string,
    /** Configured columns (by their database names) that the table lacks. */
    readonly missingColumns: readonly string[],
  ) {
    super(message);
  }
}

/** Thrown by the synthetic generator instead of replacing a table it did not create. */
export class SyntheticTableError extends Error {
  override readonly name = 'SyntheticTableInvalid';
  constructor(
    message: string,
    readonly table: string,
  ) {
    super(message);
  }
}
