import { z } from 'zod';
import { DatasetManifestSchema, ValidationThresholdsSchema } from '../../lib/dataset';

const isoInstant = z.iso.datetime({ offset: true, error: 'an ISO-8601 instant such as 2002-09-02T00:00:00Z' });

export const ExtractEventsInputSchema = z.object({
  /** Source configuration; absent means the seeded `moderation_events` table. */
  source: z.unknown().optional(),
  modelName: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'letters, digits, "_" or "-", starting with a letter or digit'),
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

/** One message naming each bad field and its value. */
export function describeIssues(error: z.ZodError, input: unknown): string {
  return error.issues
    .map((i) => {
      let value: unknown = input;
      for (const key of i.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
      return `${i.path.join('.') || '(input)'}: ${i.message} (got ${JSON.stringify(value)?.slice(0, 80) ?? 'undefined'})`;
    })
    .join('; ');
}
