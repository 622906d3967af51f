import type { z } from 'zod';
import { formatZodIssues } from '../../common/validation';
import { InvalidRegistryInputError } from './errors';

/** Parses at the registry's boundary; every issue names its field and quotes the value it got. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidRegistryInputError(what, formatZodIssues(parsed.error, { input }));
}
