import { z } from 'zod';
import { formatZodIssues, issuePath } from '../../common/validation';
import { SourceConfigError } from './errors';

// Schema-qualified names are allowed ("analytics.events"); each part is quoted separately.
const identifier = z
  .string()
  .min(1)
  .max(127)
  .regex(/^[^\0"]+$/, 'an identifier without double quotes or NUL characters');

const labelValue = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

export const LabelMappingSchema = z
  .object({
    positive: z.array(labelValue).min(1).describe('Stored label values meaning "violating" (1), compared as text: e.g. ["spam"], [1], [true].'),
    negative: z.array(labelValue).min(1).describe('Stored label values meaning "fine" (0), compared as text.'),
  })
  .refine((m) => !m.positive.some((p) => m.negative.includes(p)), { message: 'a value cannot be both positive and negative' });
export type LabelMapping = z.output<typeof LabelMappingSchema>;

export const TableSourceSchema = z.object({
  kind: z.literal('table'),
  /** Table (optionally `schema.table`). */
  table: identifier.describe('Table holding the events, optionally schema-qualified.'),
  columns: z
    .object({
      id: identifier.describe('Unique, stable event id column.'),
      text: identifier.describe('Text to classify.'),
      label: identifier.describe('Label column; values are mapped by labelMapping.'),
      eventTime: identifier.describe('Event time column (timestamptz, timestamp or ISO text).'),
      source: identifier.optional().describe('Optional column naming where an event came from; default: the table name.'),
    })
    .strict(),
  labelMapping: LabelMappingSchema,
});

export const QuerySourceSchema = z.object({
  kind: z.literal('query'),
  sql: z
    .string()
    .min(1)
    .refine((s) => /\$1\b/.test(s) && /\$2\b/.test(s), {
      message: 'must use $1 (interval start, inclusive) and $2 (interval end, exclusive); bounds are never spliced into the text',
    })
    .refine((s) => !/\$([3-9]|\d{2,})\b/.test(s), { message: 'may use only the parameters $1 and $2' })
    .describe('SELECT returning id, text, label, event_time, source for event_time in [$1, $2).'),
  /** @default { positive: ['1'], negative: ['0'] } */
  labelMapping: LabelMappingSchema.default({ positive: ['1'], negative: ['0'] }),
});

/** Where training events come from: a table with a column mapping, or a parameterised query. */
export const SourceConfigSchema = z.discriminatedUnion('kind', [TableSourceSchema, QuerySourceSchema]);
export type SourceConfig = z.output<typeof SourceConfigSchema>;
export type SourceConfigInput = z.input<typeof SourceConfigSchema>;

/** The seeded embedded table (migrations/0002_moderation_events.sql). */
export const DEFAULT_SOURCE: SourceConfig = {
  kind: 'table',
  table: 'moderation_events',
  columns: { id: 'id', text: 'content', label: 'label', eventTime: 'event_time', source: 'source' },
  labelMapping: { positive: ['spam'], negative: ['ham'] },
};

/** Parses a source configuration; the error names every missing or bad field and what it expects. */
export function parseSourceConfig(input: unknown): SourceConfig {
  if (input === undefined) return DEFAULT_SOURCE;
  const parsed = SourceConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = formatZodIssues(parsed.error, { input });
  throw new SourceConfigError(
    `source configuration is invalid: ${problems.join('; ')}. Expected { kind: 'table', table, columns: { id, text, label, eventTime, source? }, labelMapping: { positive, negative } } or { kind: 'query', sql } with $1/$2 interval bounds.`,
    parsed.error.issues.map((i) => issuePath(i.path)),
  );
}
