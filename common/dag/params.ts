import type { z } from 'zod';
import { DagParamsError } from './errors';

/**
 * Parses a run's params with the DAG's schema. On failure, every failing path is listed as
 * `params.epochs: expected number, got "ten"` so the person who started the run sees all fixes.
 */
export function parseDagParams<P>(dagId: string, schema: z.ZodType<P>, params: unknown): P {
  const result = schema.safeParse(params, { reportInput: true });
  if (result.success) return result.data;
  throw new DagParamsError(dagId, result.error.issues.flatMap((issue) => formatIssue(issue, schema)));
}

function formatIssue(issue: z.core.$ZodIssue, schema: z.ZodType): string[] {
  const path = ['params', ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = issue.path.length === 0 ? knownKeys(schema) : undefined;
    const hint = known ? ` (known: ${known.join(', ')})` : '';
    return issue.keys.map((key) => `${path}.${key}: unknown field${hint}`);
  }
  return [formatOne(issue, path)];
}

function knownKeys(schema: z.ZodType): string[] | undefined {
  const shape = (schema as { shape?: unknown }).shape;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : undefined;
}

function formatOne(issue: z.core.$ZodIssue, path: string): string {
  const got = 'input' in issue ? describe(issue.input) : undefined;
  if (issue.code === 'invalid_type') {
    return `${path}: expected ${issue.expected}, got ${got ?? 'nothing'}`;
  }
  return got === undefined ? `${path}: ${issue.message}` : `${path}: ${issue.message} (got ${got})`;
}

function describe(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
