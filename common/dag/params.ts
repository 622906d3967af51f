import type { z } from 'zod';
import { formatZodIssues } from '../validation/zod-issues';
import { DagParamsError } from './errors';

/**
 * Parses a run's params with the DAG's schema. On failure, every failing path is listed as
 * `params.epochs: expected number, got "ten"` so the person who started the run sees all fixes.
 */
export function parseDagParams<P>(dagId: string, schema: z.ZodType<P>, params: unknown): P {
  const result = schema.safeParse(params, { reportInput: true });
  if (result.success) return result.data;
  throw new DagParamsError(dagId, formatZodIssues(result.error, { prefix: 'params', knownKeys: knownKeys(schema) }));
}

function knownKeys(schema: z.ZodType): string[] | undefined {
  const shape = (schema as { shape?: unknown }).shape;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : undefined;
}
