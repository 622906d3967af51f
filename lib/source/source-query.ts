import { createHash } from 'node:crypto';
import type { SourceConfig } from './source-config';

/** Quotes an identifier (each part of `schema.table`), so configured names are never spliced raw. */
export function quoteIdent(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}

/** SELECT yielding id, text, label, event_time, source for event_time in [$1, $2). */
function innerSql(source: SourceConfig): string {
  if (source.kind === 'query') return source.sql.trim().replace(/;\s*$/, '');
  const c = source.columns;
  const col = (name: string) => `t.${quoteIdent(name)}`;
  return [
    `SELECT ${col(c.id)} AS id, ${col(c.text)} AS text, ${col(c.label)} AS label, ${col(c.eventTime)} AS event_time,`,
    `  ${c.source ? col(c.source) : 'NULL'} AS source`,
    `FROM ${quoteIdent(source.table)} AS t`,
    `WHERE ${col(c.eventTime)} >= $1 AND ${col(c.eventTime)} < $2`,
  ].join('\n');
}

/**
 * The extraction query: every column as text (timestamps as ISO-8601 UTC with milliseconds), in
 * the order the dataset is written. The casts are no-ops on the seeded table's types, so the
 * (event_time, id) index still serves the ORDER BY.
 */
export function extractionSql(source: SourceConfig): string {
  return [
    `SELECT src.id::text AS id, src.text::text AS text, src.label::text AS label,`,
    `  to_char(src.event_time::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS event_time,`,
    `  src.source::text AS source`,
    `FROM (`,
    innerSql(source),
    `) AS src`,
    `ORDER BY src.event_time::timestamptz, src.id::text`,
  ].join('\n');
}

/** Name given to rows whose source column is absent or null. */
export function defaultSourceName(source: SourceConfig): string {
  return source.kind === 'table' ? source.table : 'query';
}

/** Short hash of everything that decides the dataset's bytes besides the interval. */
export function sourceFingerprint(source: SourceConfig): string {
  return createHash('sha256')
    .update(JSON.stringify({ sql: extractionSql(source), labels: source.labelMapping, name: defaultSourceName(source) }))
    .digest('hex')
    .slice(0, 12);
}
