import { z } from 'zod';
import type { Pool } from '../db';
import { parseServingInput } from './parse-input';

export const FeedbackInputSchema = z
  .object({
    predictionId: z.uuid(),
    label: z.union([z.literal(0), z.literal(1)], 'expected 0 or 1'),
    reviewer: z.string().trim().min(1).max(200),
  })
  .strict();

export type FeedbackInput = z.input<typeof FeedbackInputSchema>;

export interface Feedback {
  predictionId: string;
  label: 0 | 1;
  reviewer: string;
  createdAt: string;
}

/**
 * Records a moderator's decision on a prediction. A later review of the same prediction
 * replaces the earlier one (the last decision is the label). The prediction itself is not
 * required to be in the log yet: rows reach it in batches, so a quick reviewer would race them.
 */
export async function recordFeedback(pool: Pool, input: unknown): Promise<Feedback> {
  const f = parseServingInput(FeedbackInputSchema, input, 'feedback');
  const { rows } = await pool.query<{ prediction_id: string; label: 0 | 1; reviewer: string; created_at: Date }>(
    `INSERT INTO prediction_feedback (prediction_id, label, reviewer) VALUES ($1, $2, $3)
     ON CONFLICT (prediction_id) DO UPDATE SET label = EXCLUDED.label, reviewer = EXCLUDED.reviewer, created_at = now()
     RETURNING *`,
    [f.predictionId, f.label, f.reviewer],
  );
  const r = rows[0]!;
  return { predictionId: r.prediction_id, label: r.label, reviewer: r.reviewer, createdAt: r.created_at.toISOString() };
}
