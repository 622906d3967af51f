import pg from 'pg';
import { DatabaseUnavailableError } from './errors';

export type Pool = pg.Pool;

import { redactUrl } from '../config/redact';

export { redactUrl };

/** A pool with short connect timeouts, so an unreachable server is reported in seconds, not minutes. */
export function createPool(url: string, options: { max?: number } = {}): Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client whose server went away emits 'error'; unhandled, it would kill the worker.
  // The pool drops that client, and the next query reconnects or fails (and is retried).
  pool.on('error', () => undefined);
  return pool;
}

/** Fails fast with a message naming the server when PostgreSQL cannot be reached. */
export async function checkConnection(pool: Pool, url: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    const reason = (err as Error).message || (err as { code?: string }).code || 'unknown error';
    throw new DatabaseUnavailableError(
      `PostgreSQL at ${redactUrl(url)} is unreachable: ${reason}. Check DATABASE_URL or unset it to use the embedded server.`,
      redactUrl(url),
      { cause: err },
    );
  }
}
