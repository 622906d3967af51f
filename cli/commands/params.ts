import { InvalidArgumentError } from '../main-wrapper';

/**
 * Turns `--param k=v` flags into a params object. A value that parses as JSON is taken as JSON
 * (`epochs=3` is a number, `shuffleLabels=true` a boolean, `gate={"minimum":{"f1":0.9}}` an
 * object), anything else as a string (`modelName=spam`). A dotted key sets a nested field
 * (`gate.minimum.f1=0.9`). Checking the values is the DAG schema's job, not this one's.
 */
/** Names that address an object's prototype instead of a field: never a param. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

export function parseParamFlags(flags: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = eq < 0 ? flag : flag.slice(0, eq);
    const path = key.split('.');
    if (eq < 0 || path.some((part) => part === '')) {
      throw new InvalidArgumentError(`--param ${JSON.stringify(flag)} is invalid: expected key=value, e.g. --param epochs=3 or --param gate.minimum.f1=0.9`);
    }
    const forbidden = path.find((part) => FORBIDDEN_KEYS.has(part));
    if (forbidden !== undefined) {
      throw new InvalidArgumentError(
        `--param ${JSON.stringify(key)} is invalid: "${forbidden}" is not a param name (it would reach JavaScript's object prototype)`,
      );
    }
    if (seen.has(key)) throw new InvalidArgumentError(`--param ${key} given twice; give each param once`);
    seen.add(key);
    setPath(params, path, coerceValue(flag.slice(eq + 1)), flag);
  }
  return params;
}

/** JSON when it parses (numbers, booleans, null, arrays, objects, quoted strings), else the raw string. */
export function coerceValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown, flag: string): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = Object.hasOwn(node, part) ? node[part] : undefined;
    if (next === undefined) node[part] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new InvalidArgumentError(`--param ${flag} sets a field inside "${part}", which another --param already set to ${JSON.stringify(next)}`);
    }
    node = node[part] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (typeof node[last] === 'object' && node[last] !== null)
    throw new InvalidArgumentError(`--param ${flag} replaces fields another --param set inside "${last}"; give one of them`);
  node[last] = value;
}
