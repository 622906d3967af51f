import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { formatZodIssues, ModelNameSchema } from '../../common/validation';
import { DatasetManifestSchema, ValidationThresholdsSchema } from '../../lib/dataset';

const isoInstant = z.iso.datetime({ offset: true, error: 'an ISO-8601 instant such as 2002-09-02T00:00:00Z' });

/**
 * An input `source` is refused: SQL from a workflow input would run with the worker's credentials
 * (and used to run on the read-write metadata pool). The source comes from SOURCE_CONFIG and
 * SOURCE_DATABASE_URL only.
 */
export const sourceFromConfigOnly = z
  .undefined({ error: 'must be absent: the source comes only from the worker configuration (SOURCE_CONFIG, SOURCE_DATABASE_URL)' })
  .optional();

export const ExtractEventsInputSchema = z.object({
  /** Refused: source SQL comes only from the worker's configuration, never from an activity input. */
  source: sourceFromConfigOnly,
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
