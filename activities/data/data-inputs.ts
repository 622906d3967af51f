import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { formatZodIssues, ModelNameSchema } from '../../common/validation';
import { DatasetManifestSchema, ValidationThresholdsSchema } from '../../lib/dataset';

const isoInstant = z.iso.datetime({ offset: true, error: 'an ISO-8601 instant such as 2002-09-02T00:00:00Z' });

export const ExtractEventsInputSchema = z.object({
  /** Source configuration; absent means the seeded `moderation_events` table. */
  source: z.unknown().optional(),
  modelName: ModelNameSchema,
  /** The run's data interval [start, end); the training window ends at its end. */
  dataInterval: z
    .object({ start: isoInstant, end: isoInstant })
    .refine((i) => Date.parse(i.start) < Date.parse(i.end), { message: 'start must be before end' }),
  trainingWeeks: z.number().int().min(1).max(520),
  /** Idempotency key of the run (logged; the artifact keys depend only on model, window and source). */
  runKey: z.string().min(1),
});
export type ExtractEventsInput = z.input<typeof ExtractEventsInputSchema>;

export const ValidateDatasetInputSchema = z.object({
  manifest: DatasetManifestSchema,
  previousManifest: DatasetManifestSchema.optional(),
  thresholds: ValidationThresholdsSchema.default(ValidationThresholdsSchema.parse({})),
});
export type ValidateDatasetInput = z.input<typeof ValidateDatasetInputSchema>;

/** One message naming each bad field and its value (the shared format of common/validation). */
export function describeIssues(error: z.ZodError, input: unknown): string {
  return formatZodIssues(error, { input, root: '(input)' }).join('; ');
}

/**
 * An activity's input parsed with its schema, or a non-retryable failure of `type` naming every
 * bad field and value (`<activity> input is invalid: …`): no retry can fix a malformed input.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, activity: string, type = 'InvalidInput'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw ApplicationFailure.nonRetryable(`${activity} input is invalid: ${describeIssues(parsed.error, input)}`, type);
}
