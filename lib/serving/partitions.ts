import type { Pool } from '../db';

const DAY_MS = 86_400_000;
const PARENT = 'prediction_log';
const NAME = /^prediction_log_(\d{4})(\d{2})(\d{2})$/;

const dayStart = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
const partitionName = (dayMs: number) => `${PARENT}_${new Date(dayMs).toISOString().slice(0, 10).replaceAll('-', '')}`;

/**
 * Creates the daily partitions (UTC days) of the prediction log from `daysBehind` days before `now` up to
 * `daysAhead` after it, so a batch never meets a missing partition; existing ones are left alone.
 * The days before cover a service whose clock or queue holds rows from yesterday.
 * @returns the partitions created now
 */
export async function ensurePartitions(pool: Pool, now: Date = new Date(), options: { daysBehind?: number; daysAhead?: number } = {}): Promise<string[]> {
  const { daysBehind = 1, daysAhead = 2 } = options;
  const created: string[] = [];
  const today = dayStart(now.getTime());
  for (let d = -daysBehind; d <= daysAhead; d++) {
    const from = today + d * DAY_MS;
    const name = partitionName(from);
    const exists = await pool.query<{ missing: boolean }>('SELECT to_regclass($1) IS NULL AS missing', [name]);
    if (!exists.rows[0]?.missing) continue;
    try {
      await pool.query(
        `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF ${PARENT} FOR VALUES FROM ('${new Date(from).toISOString()}') TO ('${new Date(from + DAY_MS).toISOString()}')`,
      );
      created.push(name);
    } catch (err) {
      // Two services creating the same day race: 42P07 (duplicate table) or 23505 (the catalog's
      // unique index, when both CREATEs commit at once) is the loser's success.
      const code = (err as { code?: string }).code;
      if (code !== '42P07' && code !== '23505') throw err;
    }
  }
  return created;
}

/** The day partitions that exist, oldest first, with the UTC day each holds. */
export async function listPartitions(pool: Pool): Promise<{ name: string; day: string }[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1::regclass ORDER BY c.relname`,
    [PARENT],
  );
  return rows.flatMap(({ name }) => {
    const m = NAME.exec(name);
    return m ? [{ name, day: `${m[1]}-${m[2]}-${m[3]}` }] : [];
  });
}

/**
 * Drops the partitions whose whole day ended more than `retentionDays` days before `now`: a drop
 * is instant and leaves no dead rows, unlike DELETE. Feedback rows are kept (they are small and
 * are what a later audit asks for).
 * @returns the partitions dropped
 */
export async function dropExpiredPartitions(pool: Pool, retentionDays: number, now: Date = new Date()): Promise<string[]> {
  const cutoff = dayStart(now.getTime()) - retentionDays * DAY_MS;
  const dropped: string[] = [];
  for (const { name, day } of await listPartitions(pool)) {
    if (Date.parse(`${day}T00:00:00.000Z`) + DAY_MS > cutoff) continue;
    await pool.query(`DROP TABLE IF EXISTS ${name}`);
    dropped.push(name);
  }
  return dropped;
}
