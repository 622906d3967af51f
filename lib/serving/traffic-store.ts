import { z } from 'zod';
import { ModelNameSchema } from '../../common/validation';
import { inTransaction, type Pool } from '../db';
import { UnknownModelVersionError } from '../registry';
import { parseServingInput } from './parse-input';

export const TRAFFIC_MODES = ['off', 'shadow', 'canary'] as const;
export type TrafficMode = (typeof TRAFFIC_MODES)[number];

/**
 * How a model's traffic is shared between its champion (the registry alias) and a challenger.
 * `off`: the champion answers everything. `shadow`: the challenger also scores every request,
 * logged with shadow=true and never returned. `canary`: `canaryPercent`% of requests are answered
 * by the challenger.
 */
export interface TrafficSplit {
  model: string;
  challenger: number | null;
  mode: TrafficMode;
  /** 0..100 */
  canaryPercent: number;
  updatedBy: string;
  reason: string;
  updatedAt: string;
}

const MAX_TEXT = 2_000;

export const TrafficSplitInputSchema = z
  .object({
    model: ModelNameSchema,
    challenger: z.number().int().positive().nullable(),
    mode: z.enum(TRAFFIC_MODES),
    canaryPercent: z.number().min(0).max(100),
    updatedBy: z.string().trim().min(1).max(MAX_TEXT),
    reason: z.string().trim().min(1).max(MAX_TEXT),
  })
  .strict()
  .refine((s) => s.mode === 'off' || s.challenger !== null, { message: 'must name a version when mode is "shadow" or "canary"', path: ['challenger'] });

interface SplitRow {
  model: string;
  challenger: number | null;
  mode: TrafficMode;
  canary_percent: number;
  updated_by: string;
  reason: string;
  updated_at: Date;
}

const toSplit = (r: SplitRow): TrafficSplit => ({
  model: r.model,
  challenger: r.challenger,
  mode: r.mode,
  canaryPercent: r.canary_percent,
  updatedBy: r.updated_by,
  reason: r.reason,
  updatedAt: r.updated_at.toISOString(),
});

/** The model's current split, or null when none was ever set (the champion answers everything). */
export async function readTrafficSplit(pool: Pool, model: string): Promise<TrafficSplit | null> {
  const name = parseServingInput(ModelNameSchema, model, 'model name');
  const { rows } = await pool.query<SplitRow>('SELECT * FROM traffic_splits WHERE model = $1', [name]);
  return rows[0] ? toSplit(rows[0]) : null;
}

/**
 * Sets the split: upserts the row, appends a history row, and the table's trigger NOTIFYs every
 * prediction service (channel `serving_changes`). Idempotent: when challenger, mode and percent
 * already hold these values, the current split is returned and no history is added, so a retried
 * activity leaves one row. Writes lock the model's row, as the registry does, so they serialize
 * with alias moves.
 */
export async function setTrafficSplit(pool: Pool, split: Omit<TrafficSplit, 'updatedAt'>): Promise<TrafficSplit> {
  const s = parseServingInput(TrafficSplitInputSchema, split, 'traffic split');
  return inTransaction(pool, async (client) => {
    const locked = await client.query('SELECT 1 FROM models WHERE name = $1 FOR UPDATE', [s.model]);
    if (locked.rowCount === 0) throw new UnknownModelVersionError(s.model, s.challenger ?? undefined, undefined);
    if (s.challenger !== null) {
      const found = await client.query<{ latest: number | null; exists: boolean }>(
        'SELECT (SELECT max(version) FROM model_versions WHERE model = $1) AS latest, EXISTS (SELECT 1 FROM model_versions WHERE model = $1 AND version = $2) AS exists',
        [s.model, s.challenger],
      );
      const row = found.rows[0]!;
      if (!row.exists) throw new UnknownModelVersionError(s.model, s.challenger, row.latest);
    }
    const current = await client.query<SplitRow>('SELECT * FROM traffic_splits WHERE model = $1', [s.model]);
    const now = current.rows[0];
    if (now && now.challenger === s.challenger && now.mode === s.mode && now.canary_percent === s.canaryPercent) return toSplit(now);
    const { rows } = await client.query<SplitRow>(
      `INSERT INTO traffic_splits (model, challenger, mode, canary_percent, updated_by, reason, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (model) DO UPDATE SET challenger = EXCLUDED.challenger, mode = EXCLUDED.mode, canary_percent = EXCLUDED.canary_percent,
         updated_by = EXCLUDED.updated_by, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [s.model, s.challenger, s.mode, s.canaryPercent, s.updatedBy, s.reason],
    );
    await client.query(
      `INSERT INTO traffic_split_history (model, challenger, mode, canary_percent, updated_by, reason, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.model, s.challenger, s.mode, s.canaryPercent, s.updatedBy, s.reason, rows[0]!.updated_at],
    );
    return toSplit(rows[0]!);
  });
}

/** Every split the model had, oldest first. */
export async function trafficHistory(pool: Pool, model: string): Promise<TrafficSplit[]> {
  const name = parseServingInput(ModelNameSchema, model, 'model name');
  const { rows } = await pool.query<Omit<SplitRow, 'updated_at'> & { at: Date }>('SELECT * FROM traffic_split_history WHERE model = $1 ORDER BY id', [name]);
  return rows.map((r) => toSplit({ ...r, updated_at: r.at }));
}
