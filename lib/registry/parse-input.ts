import type { z } from 'zod';
import { InvalidRegistryInputError } from './errors';

/** Parses at the registry's boundary; every issue names its field and quotes the value it got. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidRegistryInputError(
    what,
    parsed.error.issues.map((issue) => {
      const at = issue.path.map(String).join('.') || '(root)';
      const got = issue.path.reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key], input);
      return `${at}: ${issue.message} (got ${got === undefined ? 'undefined' : JSON.stringify(got)})`;
    }),
  );
}
