import type { Pool } from 'pg';
import { SourceNotFoundError } from './errors';
import type { SourceConfig } from './source-config';

const REQUIRED_QUERY_COLUMNS = ['id', 'text', 'label', 'event_time', 'source'] as const;

// SQLSTATE classes that mean "the configured text is wrong", not "the server is unwell": 42 syntax
// or access, 0A a data-modifying WITH inside the check's subquery, 25 a write in a read-only transaction.
const CONFIG_ERROR_CLASSES = ['42', '0A', '25'];

async function checkTable(pool: Pool, source: Extract<SourceConfig, { kind: 'table' }>): Promise<void> {
  const [schema, table] = source.table.includes('.') ? source.table.split('.', 2) : [undefined, source.table];
  const { rows } = await pool.query<{ table_schema: string; column_name: string }>(
    `SELECT table_schema, column_name FROM information_schema.columns
     WHERE table_name = $1 AND ($2::text IS NULL AND table_schema = ANY (current_schemas(false)) OR table_schema = $2)
     ORDER BY ordinal_position`,
    [table, schema ?? null],
  );
  if (rows.length === 0) {
    throw new SourceNotFoundError(
      `source table "${source.table}" does not exist${schema ? '' : ' in the search path'} (or this role cannot see it); set source.table to an existing table`,
      source.table,
      [],
    );
  }
  const firstSchema = rows[0]!.table_schema;
  const have = new Set(rows.filter((r) => r.table_schema === firstSchema).map((r) => r.column_name));
  const missing = Object.entries(source.columns)
    .filter(([, column]) => column !== undefined && !have.has(column))
    .map(([field, column]) => ({ field, column: column! }));
  if (missing.length > 0) {
    throw new SourceNotFoundError(
      `source table "${source.table}" lacks ${missing.map((m) => `column "${m.column}" (columns.${m.field})`).join(', ')}; it has: ${[...have].join(', ')}`,
      source.table,
      missing.map((m) => m.column),
    );
  }
}

async function checkQuery(pool: Pool, source: Extract<SourceConfig, { kind: 'query' }>): Promise<void> {
  const now = new Date().toISOString();
  let fields: string[];
  // In a READ ONLY transaction: a source query that writes (a data-modifying CTE, a function with
  // side effects) is refused by the server itself, whatever role the pool has.
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    const result = await client.query({ text: `SELECT * FROM (${source.sql.trim().replace(/;\s*$/, '')}) AS q LIMIT 0`, values: [now, now] });
    fields = result.fields.map((f) => f.name);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code && CONFIG_ERROR_CLASSES.includes(code.slice(0, 2))) {
      throw new SourceNotFoundError(
        `source query is invalid: ${(err as Error).message} (SQLSTATE ${code}); expected one read-only SELECT returning id, text, label, event_time, source for $1 <= event_time < $2`,
        'query',
        [],
      );
    }
    throw err;
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
  const missing = REQUIRED_QUERY_COLUMNS.filter((c) => !fields.includes(c));
  if (missing.length > 0) {
    throw new SourceNotFoundError(
      `source query returns no column ${missing.map((m) => `"${m}"`).join(', ')}; it must return id, text, label, event_time, source (it returns: ${fields.join(', ') || 'nothing'})`,
      'query',
      missing,
    );
  }
}

/**
 * Verifies that the configured source exists, so a wrong table or column name is reported at
 * start-up with what is missing, not as a SQL error in the middle of a run. Connection errors
 * are rethrown as they are (they are transient).
 */
export async function checkSource(pool: Pool, source: SourceConfig): Promise<void> {
  if (source.kind === 'table') await checkTable(pool, source);
  else await checkQuery(pool, source);
}
