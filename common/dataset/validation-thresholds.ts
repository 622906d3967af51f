import { z } from 'zod';

const above = (warn: number, fail: number, what: string) =>
  z
    .strictObject({
      warn: z.number().nonnegative().default(warn).describe(`Warn when ${what} is above this.`),
      fail: z.number().nonnegative().default(fail).describe(`Fail when ${what} is above this.`),
    })
    .default({ warn, fail })
    .refine((l) => l.warn <= l.fail, { message: 'warn must not exceed fail' });

/**
 * Data-quality thresholds for validate_dataset, as data. `warn` adds a warning to the report;
 * `fail` makes the validation not pass. Too few rows or a single label is always a
 * non-retryable DatasetInvalid failure: nothing can be trained from such a dataset.
 */
// Strict at every level: a misspelt threshold is refused, never silently left at its default.
export const ValidationThresholdsSchema = z.strictObject({
  minRows: z.number().int().positive().default(100).describe('Fewer valid rows than this is a DatasetInvalid failure.'),
  minorityShare: z
    .strictObject({
      warn: z.number().min(0).max(0.5).default(0.1).describe('Warn when the rarer label is below this share of rows.'),
      fail: z.number().min(0).max(0.5).default(0.01).describe('Fail when the rarer label is below this share of rows.'),
    })
    .default({ warn: 0.1, fail: 0.01 })
    .refine((l) => l.fail <= l.warn, { message: 'fail must not exceed warn (both are lower bounds)' }),
  malformedShare: above(0, 0.01, 'the share of rows failing the DatasetRow schema'),
  duplicateIdShare: above(0, 0.01, 'the share of rows repeating an earlier id'),
  duplicateTextShare: above(0.05, 0.5, 'the share of rows repeating an earlier text exactly'),
  psiLabel: above(0.1, 0.5, 'the PSI of the label ratio against the previous snapshot'),
  psiTextLength: above(0.1, 0.5, 'the PSI of text-length buckets against the previous snapshot'),
  psiTokens: above(0.1, 0.5, 'the PSI of hashed-token frequencies against the previous snapshot'),
  maxExamples: z.number().int().nonnegative().default(5).describe('Malformed rows quoted in the report.'),
});
export type ValidationThresholds = z.output<typeof ValidationThresholdsSchema>;
export type ValidationThresholdsInput = z.input<typeof ValidationThresholdsSchema>;
