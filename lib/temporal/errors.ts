/**
 * Thrown when the embedded Temporal dev server cannot start, an external one cannot be reached,
 * or (factory client) a call to a connected server fails in transport: the server went away
 * (gRPC UNAVAILABLE, a refused connection) or gave no answer within the call's deadline.
 * Node-only and dependency-free, so the client can throw it without loading any worker code.
 */
export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
  /** The client call that failed, e.g. `getRun` (absent for start-up and connection errors). */
  readonly operation?: string;
  /** The deadline the call had, in ms (absent for start-up and connection errors). */
  readonly timeoutMs?: number;

  constructor(
    message: string,
    readonly address: string,
    options?: { cause?: unknown; operation?: string; timeoutMs?: number },
  ) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    if (options?.operation !== undefined) this.operation = options.operation;
    if (options?.timeoutMs !== undefined) this.timeoutMs = options.timeoutMs;
  }
}
