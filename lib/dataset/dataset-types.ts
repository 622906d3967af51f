import { z } from 'zod';

/**
 * One labelled moderation event as stored in a dataset artifact (one JSON object per line,
 * ordered by eventTime then id, so the same interval always yields the same bytes and hash).
 */
export const DatasetRowSchema = z.object({
  id: z.string().min(1),
  text: z.string(),
  /** 1 = violating (spam), 0 = fine (ham). */
  label: z.union([z.literal(0), z.literal(1)]),
  /** ISO-8601 UTC. */
  eventTime: z.string(),
  source: z.string(),
});
export type DatasetRow = z.infer<typeof DatasetRowSchema>;

/** Half-open interval [start, end) in ISO-8601 UTC. */
export const IntervalSchema = z.object({ start: z.string(), end: z.string() });
export type Interval = z.infer<typeof IntervalSchema>;

/** Small JSON describing a dataset artifact; workflows pass this (or its URI), never the rows. */
/** A text longer than this is almost surely not a message (a pasted log, an attachment): warned about. */
export const LONG_TEXT_CHARS = 100_000;

export const DatasetManifestSchema = z.object({
  kind: z.literal('dataset'),
  /** URI and sha256 of the JSONL rows. */
  dataUri: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
  /** The training window the rows were drawn from. */
  interval: IntervalSchema,
  /** The run's own data interval (one week), for lineage. */
  dataInterval: IntervalSchema,
  /** Source description: the SQL text with $1/$2 placeholders (parameters are the interval bounds). */
  query: z.string(),
  rowCount: z.number().int().nonnegative(),
  labelCounts: z.object({ '0': z.number().int().nonnegative(), '1': z.number().int().nonnegative() }),
  createdBy: z.object({ workflowId: z.string(), runId: z.string() }).optional(),
  /** Rows the source returned but the dataset could not hold (null text, unmapped label...), kept aside. */
  quarantine: z
    .object({
      count: z.number().int().nonnegative(),
      /** Count per reason, e.g. { "unmapped-label": 3, "null-text": 1 }. */
      reasons: z.record(z.string(), z.number().int().nonnegative()),
      /** Label values not in the source's labelMapping, with their row counts (the 20 most frequent). */
      unmappedLabels: z.record(z.string(), z.number().int().nonnegative()).optional(),
      /** JSONL of the raw rows with their reason; absent when count is 0. */
      uri: z.string().optional(),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    })
    .optional(),
  /** Kept rows whose text is empty (or only spaces), or longer than LONG_TEXT_CHARS: trained on, but warned about. */
  textStats: z
    .object({ empty: z.number().int().nonnegative(), overLong: z.number().int().nonnegative(), longestChars: z.number().int().nonnegative() })
    .optional(),
  /** Hash of the source configuration (query and label mapping) that produced the rows. */
  sourceFingerprint: z.string().optional(),
});
export type DatasetManifest = z.infer<typeof DatasetManifestSchema>;
