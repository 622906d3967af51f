import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { loadSpamAssassinEvents, type CorpusEvent, type PlacementCounts } from './spam-assassin-corpus';

export interface SeedResult {
  /** Messages in the corpus. */
  total: number;
  /** Rows inserted now; 0 when the table was already seeded. */
  inserted: number;
  placement: PlacementCounts;
  /** Earliest and latest event time (ISO-8601). */
  firstEvent: string;
  lastEvent: string;
}

// 500 rows × 5 parameters stays far below PostgreSQL's 65,535 bind-parameter limit.
const BATCH_ROWS = 500;

/** Inserts events into `moderation_events`, batched; rows already present (by id) are left alone. */
export async function insertEvents(pool: Pool, events: readonly CorpusEvent[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < events.length; start += BATCH_ROWS) {
    const batch = events.slice(start, start + BATCH_ROWS);
    const values: unknown[] = [];
    const tuples = batch.map((e, i) => {
      values.push(e.id, e.content, e.label, e.eventTime, e.source);
      const p = i * 5;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5})`;
    });
    const result = await pool.query(
      `INSERT INTO moderation_events (id, content, label, event_time, source) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING`,
      values,
    );
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}

/**
 * Seeds `moderation_events` from the SpamAssassin corpus. Idempotent: ids are stable
 * (`sa:<group>:<file id>`), so a second run inserts nothing.
 */
export async function seedCorpus(pool: Pool, logger: Logger): Promise<SeedResult> {
  const { events, counts } = loadSpamAssassinEvents();
  const inserted = await insertEvents(pool, events);
  const times = events.map((e) => e.eventTime.getTime()).sort((a, b) => a - b);
  const result: SeedResult = {
    total: events.length,
    inserted,
    placement: counts,
    firstEvent: new Date(times[0]!).toISOString(),
    lastEvent: new Date(times[times.length - 1]!).toISOString(),
  };
  logger.info({ ...result, placement: counts }, inserted > 0 ? 'source corpus seeded' : 'source corpus already seeded');
  return result;
}
