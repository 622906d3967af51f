import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Prng } from '../ml/prng';
import { syntheticMailStream } from '../ml/synthetic-mail';
import { SyntheticTableError } from './errors';
import { quoteIdent } from './source-query';

/** Marks tables this generator made, so it never replaces a table holding real events. */
const MARKER = 'synthetic moderation events (cli/generate-events.ts); safe to replace';

export interface SyntheticOptions {
  /** Rows to write. */
  rows: number;
  /** Target table (same columns as moderation_events); replaced when it was made by this generator. */
  table: string;
  /** PRNG seed: the same seed and options give the same rows. @default 1 */
  seed?: number;
  /** First event time. @default 2024-01-01T00:00:00Z */
  start?: Date;
  /** Weeks the events are spread over. @default 12 */
  weeks?: number;
  /** Share of rows labelled spam. @default 0.3 */
  spamRate?: number;
}

// COPY text format: backslash, tab, newline and carriage return must be escaped.
function copyEscape(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

function* chunks(options: Required<SyntheticOptions>): Generator<string> {
  const mails = syntheticMailStream({ count: options.rows, seed: options.seed, spamShare: options.spamRate, length: [8, 37] });
  // Its own stream, derived from the seed, so the texts are exactly syntheticMails' for that seed.
  const jitter = Prng.fromSeed((options.seed ^ 0x5bd1e995) >>> 0);
  const span = options.weeks * 7 * 86_400_000;
  const startMs = options.start.getTime();
  const lines: string[] = [];
  let i = 0;
  for (const mail of mails) {
    // Spread evenly with jitter inside each slot, so time order is stable and every week is populated.
    const t = startMs + Math.floor(((i + jitter.nextFloat()) * span) / options.rows);
    lines.push(
      `syn-${options.seed}-${i}\t${copyEscape(mail.text)}\t${mail.label === 1 ? 'spam' : 'ham'}\t${new Date(t).toISOString()}\tsynthetic/seed-${options.seed}\n`,
    );
    i++;
    if (lines.length === 5_000) yield lines.splice(0).join('');
  }
  if (lines.length > 0) yield lines.join('');
}

/**
 * Writes `rows` synthetic events with COPY FROM STDIN into a fresh table (replacing an earlier
 * synthetic one), then indexes and analyses it. All in one transaction: a failed run leaves the
 * previous table as it was.
 */
export async function generateSyntheticEvents(
  pool: Pool,
  options: SyntheticOptions,
  onProgress?: (rows: number) => void,
): Promise<{ rows: number; table: string }> {
  const opts: Required<SyntheticOptions> = { seed: 1, start: new Date('2024-01-01T00:00:00Z'), weeks: 12, spamRate: 0.3, ...options };
  if (!Number.isInteger(opts.rows) || opts.rows < 1) throw new RangeError(`rows must be a positive integer (got ${opts.rows})`);
  const table = quoteIdent(opts.table);
  const client = await pool.connect();
  try {
    const existing = await client.query<{ regclass: string | null; comment: string | null }>(
      "SELECT to_regclass($1)::text AS regclass, obj_description(to_regclass($1), 'pg_class') AS comment",
      [table],
    );
    const row = existing.rows[0]!;
    if (row.regclass !== null && row.comment !== MARKER) {
      throw new SyntheticTableError(`table "${opts.table}" exists and was not made by the synthetic generator; choose another --table`, opts.table);
    }
    await client.query('BEGIN');
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.query(`CREATE TABLE ${table} (id text PRIMARY KEY, content text, label text, event_time timestamptz NOT NULL, source text NOT NULL)`);
    await client.query(`COMMENT ON TABLE ${table} IS '${MARKER}'`);
    const copy = client.query(copyFrom(`COPY ${table} (id, content, label, event_time, source) FROM STDIN`));
    let written = 0;
    const counted = (function* () {
      for (const chunk of chunks(opts)) {
        yield chunk;
        written += 5_000;
        onProgress?.(Math.min(written, opts.rows));
      }
    })();
    await pipeline(Readable.from(counted), copy);
    await client.query(`CREATE INDEX ON ${table} (event_time, id)`);
    await client.query('COMMIT');
    await client.query(`ANALYZE ${table}`);
    return { rows: opts.rows, table: opts.table };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
