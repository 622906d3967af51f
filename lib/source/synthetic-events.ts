import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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

/** mulberry32: tiny, fast and good enough to make varied, reproducible text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const COMMON = 'the a to of and in for on is it you that this with be are at we have from your not will can our by as all'.split(' ');
const HAM = 'meeting patch release thread list build kernel review notes question thanks docs commit server config bug fix test mailing update schedule agenda draft'.split(' ');
const SPAM = 'free offer money click winner cash credit loan cheap viagra guaranteed unsubscribe limited urgent bonus prize investment million deal order'.split(' ');

// COPY text format: backslash, tab, newline and carriage return must be escaped.
function copyEscape(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

function* chunks(options: Required<SyntheticOptions>): Generator<string> {
  const random = prng(options.seed);
  const span = options.weeks * 7 * 86_400_000;
  const startMs = options.start.getTime();
  const lines: string[] = [];
  for (let i = 0; i < options.rows; i++) {
    const spam = random() < options.spamRate;
    const words = 8 + Math.floor(random() * 30);
    const out: string[] = [];
    for (let w = 0; w < words; w++) {
      const r = random();
      const pool = r < 0.55 ? COMMON : r < 0.85 ? (spam ? SPAM : HAM) : spam ? HAM : SPAM;
      out.push(pool[Math.floor(random() * pool.length)]!);
    }
    // Spread evenly with jitter inside each slot, so time order is stable and every week is populated.
    const t = startMs + Math.floor(((i + random()) * span) / options.rows);
    lines.push(`syn-${options.seed}-${i}\t${copyEscape(out.join(' '))}\t${spam ? 'spam' : 'ham'}\t${new Date(t).toISOString()}\tsynthetic/seed-${options.seed}\n`);
    if (lines.length === 5_000) yield lines.splice(0).join('');
  }
  if (lines.length > 0) yield lines.join('');
}

/**
 * Writes `rows` synthetic events with COPY FROM STDIN into a fresh table (replacing an earlier
 * synthetic one), then indexes and analyses it. All in one transaction: a failed run leaves the
 * previous table as it was.
 */
export async function generateSyntheticEvents(pool: Pool, options: SyntheticOptions, onProgress?: (rows: number) => void): Promise<{ rows: number; table: string }> {
  const opts: Required<SyntheticOptions> = { seed: 1, start: new Date('2024-01-01T00:00:00Z'), weeks: 12, spamRate: 0.3, ...options };
  if (!Number.isInteger(opts.rows) || opts.rows < 1) throw new RangeError(`rows must be a positive integer (got ${opts.rows})`);
  const table = quoteIdent(opts.table);
  const client = await pool.connect();
  try {
    const existing = await client.query<{ regclass: string | null; comment: string | null }>(
      'SELECT to_regclass($1)::text AS regclass, obj_description(to_regclass($1), \'pg_class\') AS comment',
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
