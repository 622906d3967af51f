import { z } from 'zod';
import { ModelNameSchema } from '../../common/validation';
import type { Pool } from '../db';
import { parseServingInput } from './parse-input';

/** Bins of `scoreHistogram`: equal widths over [0, 1], a score of exactly 1 in the last. */
export const SCORE_BINS = 10;

/**
 * What a version answered over a time window, read from the prediction log: the inputs of a
 * canary analysis (error rate, p99 latency, score drift, agreement with moderators' labels).
 * Every field is 0 (agreement null) when the window holds no prediction.
 */
export interface PredictionStats {
  /** Predictions logged, failed ones included. */
  count: number;
  /** Predictions whose predict threw. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Over successful predictions. */
  meanScore: number;
  /** Fraction of successful predictions labelled 1. */
  positiveRate: number;
  /** Counts of successful predictions per score bin, SCORE_BINS bins over [0, 1]. */
  scoreHistogram: number[];
  /** Successful predictions with a feedback label. */
  labelled: number;
  /** Fraction of labelled predictions whose label equals the feedback label; null when none is labelled. */
  agreement: number | null;
}

export const PredictionStatsQuerySchema = z
  .object({
    model: ModelNameSchema,
    version: z.number().int().positive(),
    role: z.enum(['champion', 'challenger']).optional(),
    shadow: z.boolean().optional(),
    since: z.iso.datetime({ offset: true }),
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export type PredictionStatsQuery = z.input<typeof PredictionStatsQuerySchema>;

/**
 * Aggregates the log in PostgreSQL (one query; the time bounds prune partitions). `since` is
 * inclusive, `until` exclusive; without `until` the window is open-ended.
 */
export async function predictionStats(pool: Pool, query: PredictionStatsQuery): Promise<PredictionStats> {
  const q = parseServingInput(PredictionStatsQuerySchema, query, 'prediction stats query');
  const { rows } = await pool.query<{
    count: number;
    errors: number;
    p50: number | null;
    p99: number | null;
    mean_score: number | null;
    positive_rate: number | null;
    labelled: number;
    agreed: number;
    bins: number[] | null;
  }>(
    `WITH w AS (
       SELECT l.score, l.label, l.latency_ms, l.error, f.label AS reviewed
         FROM prediction_log l LEFT JOIN prediction_feedback f ON f.prediction_id = l.prediction_id
        WHERE l.model = $1 AND l.version = $2
          AND ($3::text IS NULL OR l.role = $3) AND ($4::boolean IS NULL OR l.shadow = $4)
          AND l.created_at >= $5 AND ($6::timestamptz IS NULL OR l.created_at < $6)
     ), bins AS (
       SELECT least(floor(score * $7::int)::int, $7::int - 1) AS bin, count(*)::int AS n FROM w WHERE error IS NULL GROUP BY 1
     )
     SELECT count(*)::int AS count,
            count(*) FILTER (WHERE error IS NOT NULL)::int AS errors,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99,
            avg(score) AS mean_score,
            avg(label::float8) AS positive_rate,
            count(reviewed) FILTER (WHERE error IS NULL)::int AS labelled,
            count(*) FILTER (WHERE error IS NULL AND reviewed = label)::int AS agreed,
            (SELECT array_agg(coalesce(b.n, 0) ORDER BY g.i) FROM generate_series(0, $7::int - 1) AS g(i) LEFT JOIN bins b ON b.bin = g.i) AS bins
       FROM w`,
    [q.model, q.version, q.role ?? null, q.shadow ?? null, q.since, q.until ?? null, SCORE_BINS],
  );
  const r = rows[0]!;
  return {
    count: r.count,
    errors: r.errors,
    p50Ms: r.p50 ?? 0,
    p99Ms: r.p99 ?? 0,
    meanScore: r.mean_score ?? 0,
    positiveRate: r.positive_rate ?? 0,
    scoreHistogram: r.bins ?? new Array<number>(SCORE_BINS).fill(0),
    labelled: r.labelled,
    agreement: r.labelled === 0 ? null : r.agreed / r.labelled,
  };
}
