import { z } from 'zod';
import { ModelNameSchema } from '../../common/validation';
import { RolloutAnalysisSchema } from '../../workflows/deploy/deploy-model-params';

const version = z.number().int().min(1);
const isoInstant = z.iso.datetime({ offset: true, error: 'an ISO-8601 instant such as 2002-09-30T03:00:00Z' });
const text = z.string().trim().min(1).max(2_000);

export const PrepareRolloutInputSchema = z.strictObject({ model: ModelNameSchema, version });
export type PrepareRolloutInput = z.input<typeof PrepareRolloutInputSchema>;

export const SetRolloutTrafficInputSchema = z.strictObject({
  model: ModelNameSchema,
  challenger: version,
  mode: z.enum(['shadow', 'canary']),
  canaryPercent: z.number().min(0).max(100),
  reason: text,
});
export type SetRolloutTrafficInput = z.input<typeof SetRolloutTrafficInputSchema>;

export const AdvanceRolloutInputSchema = z.strictObject({
  model: ModelNameSchema,
  champion: version,
  challenger: version,
  /** When shadow started: the champion's reference window starts here. */
  rolloutStartedAt: isoInstant,
  steps: z.array(z.number().gt(0).max(100)).min(1),
  analysis: RolloutAnalysisSchema,
  bakeTimeMs: z.number().int().min(0),
  stepTimeoutMs: z.number().int().min(1),
});
export type AdvanceRolloutInput = z.input<typeof AdvanceRolloutInputSchema>;

export const PromoteRolloutInputSchema = z.strictObject({
  model: ModelNameSchema,
  challenger: version,
  /** The champion the challenger was compared with; another one in its place refuses the promotion. */
  expectedChampion: version,
  actor: text,
  reason: text,
});
export type PromoteRolloutInput = z.input<typeof PromoteRolloutInputSchema>;

export const FinishRolloutInputSchema = z.strictObject({
  model: ModelNameSchema,
  /** Absent when prepare_rollout refused: nothing was changed, so nothing is undone. */
  challenger: version.optional(),
  promoted: z.boolean(),
  /** The rollout's decision; absent when the run stopped before one (failRun, a failed task, cancellation). */
  outcome: z.enum(['passed', 'promote_now', 'rolled_back', 'aborted', 'promoted_elsewhere']).optional(),
  actor: text.optional(),
  reasons: z.array(z.string()).default([]),
});
export type FinishRolloutInput = z.input<typeof FinishRolloutInputSchema>;
