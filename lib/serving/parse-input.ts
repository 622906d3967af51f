import type { z } from 'zod';
import { formatZodIssues } from '../../common/validation';
import { InvalidServingInputError } from './errors';

/** Parses at the serving boundary (HTTP bodies, store calls); every issue names its field and quotes the value. */
export function parseServingInput<S extends z.ZodType>(schema: S, input: unknown, what: string, status: 400 | 413 = 400): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidServingInputError(what, formatZodIssues(parsed.error, { input }), status);
}
