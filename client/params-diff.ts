import type { ParamDifference } from './errors';

/**
 * Every leaf where two param objects differ, as `params.a.b` paths. Plain objects are compared
 * key by key; arrays and other values as JSON. Pure.
 */
export function diffParams(requested: unknown, existing: unknown, path = 'params'): ParamDifference[] {
  if (isPlainObject(requested) && isPlainObject(existing)) {
    const keys = [...new Set([...Object.keys(requested), ...Object.keys(existing)])].sort();
    return keys.flatMap((key) => diffParams(requested[key], existing[key], `${path}.${key}`));
  }
  if (sameValue(requested, existing)) return [];
  return [{ path, requested, existing }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
