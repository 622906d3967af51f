import type { Pool } from 'pg';
import { quoteIdent } from './source-query';

export interface WeekCount {
  /** Monday 00:00 UTC starting the week (the weekly Schedule's windows start there too). */
  week: string;
  rows: number;
  spam: number;
  /** Rows per source (corpus group). */
  bySource: Record<string, number>;
}

/** Per-week counts of a moderation_events-shaped table: what the weekly windows will see. */
export async function weeklyTimeline(pool: Pool, table = 'moderation_events'): Promise<WeekCount[]> {
  const { rows } = await pool.query<{ week: Date; source: string; rows: string; spam: string }>(
    `SELECT date_trunc('week', event_time AT TIME ZONE 'UTC') AS week, source, count(*) AS rows, count(*) FILTER (WHERE label = 'spam') AS spam
     FROM ${quoteIdent(table)} GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const weeks = new Map<string, WeekCount>();
  for (const r of rows) {
    // date_trunc on a UTC timestamp without zone: read it back as UTC.
    const week = new Date(Date.UTC(r.week.getFullYear(), r.week.getMonth(), r.week.getDate())).toISOString().slice(0, 10);
    const w = weeks.get(week) ?? { week, rows: 0, spam: 0, bySource: {} };
    w.rows += Number(r.rows);
    w.spam += Number(r.spam);
    w.bySource[r.source] = Number(r.rows);
    weeks.set(week, w);
  }
  return [...weeks.values()];
}
