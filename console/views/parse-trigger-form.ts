import { describeValue } from '../../common/validation';
import { PARAMS_PREFIX, RUN_OPTION_FIELDS, type FormModel } from './trigger-form';
import type { FieldError, TriggerField } from './types';

/** What the form asks to start, in the shape prepareRun takes. */
export interface TriggerRequest {
  readonly params: Record<string, unknown>;
  readonly logicalDate?: string;
  readonly runKind?: string;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const TRUE = new Set(['true', 'on', '1']);
const FALSE = new Set(['', 'false', 'off', '0']);

/**
 * Turns submitted form values into a start request. Only what a form cannot say is checked here
 * (a number that is not one stays text, so the DAG's own schema names it in prepareRun, like the
 * CLI's); `errors` holds what cannot be turned into a value at all (bad JSON, a boolean that is
 * neither). Every non-empty field is sent, so the run gets what the form showed. A checkbox
 * that is not ticked sends nothing, so a missing boolean is false. Pure.
 */
export function parseTriggerForm(model: FormModel, form: Readonly<Record<string, string>>): { request: TriggerRequest; errors: FieldError[] } {
  const params: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const path of model.defaultedObjects) setAt(params, path.split('.'), {});
  const known = new Set<string>();
  for (const field of model.fields) {
    known.add(field.name);
    if (!field.name.startsWith(PARAMS_PREFIX)) continue;
    const raw = Object.hasOwn(form, field.name) ? form[field.name]! : undefined;
    const parsed = valueOf(field, raw);
    if ('error' in parsed) errors.push({ field: field.name, value: raw ?? '', message: parsed.error });
    else if (parsed.value !== undefined) setAt(params, field.name.slice(PARAMS_PREFIX.length).split('.'), parsed.value);
  }
  // A param the form does not know goes to the schema as it is, which names it as an unknown field.
  for (const [name, raw] of Object.entries(form)) {
    if (!known.has(name) && name.startsWith(PARAMS_PREFIX) && name.length > PARAMS_PREFIX.length) {
      setAt(params, name.slice(PARAMS_PREFIX.length).split('.'), raw);
    }
  }
  const logicalDate = form[RUN_OPTION_FIELDS.logicalDate]?.trim();
  const runKind = form[RUN_OPTION_FIELDS.runKind]?.trim();
  return { request: { params, ...(logicalDate ? { logicalDate } : {}), ...(runKind ? { runKind } : {}) }, errors };
}

function valueOf(field: TriggerField, raw: string | undefined): { value: unknown } | { error: string } {
  if (field.type === 'boolean') {
    const text = (raw ?? '').trim().toLowerCase();
    if (TRUE.has(text)) return { value: true };
    if (FALSE.has(text)) return { value: false };
    return { error: `expected true or false (got ${describeValue(raw)})` };
  }
  const text = raw?.trim() ?? '';
  if (text === '') return { value: undefined };
  switch (field.type) {
    case 'integer':
    case 'number':
      return { value: NUMBER.test(text) ? Number(text) : text };
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch (err) {
        return { error: `expected JSON such as ${field.default ?? '{}'} (${err instanceof Error ? err.message : String(err)})` };
      }
    default:
      return { value: raw };
  }
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/**
 * prepareRun's problems (`params.epochs: expected int (got 0)`) as field errors: each on the
 * form field its path names, or on the nearest enclosing one (a `json` field such as
 * `params.retrainingParams`), with the submitted value. A problem no field holds keeps its path.
 */
export function fieldErrorsOf(problems: readonly string[], fields: readonly TriggerField[], form: Readonly<Record<string, string>>): FieldError[] {
  const names = fields.map((f) => f.name).sort((a, b) => b.length - a.length);
  return problems.map((problem) => {
    const colon = problem.indexOf(': ');
    const path = colon >= 0 ? problem.slice(0, colon) : '';
    const message = colon >= 0 ? problem.slice(colon + 2) : problem;
    const field = names.find((name) => path === name || path.startsWith(`${name}.`)) ?? (path || 'params');
    return { field, value: Object.hasOwn(form, field) ? form[field]! : '', message: field === path ? message : `${path}: ${message}` };
  });
}
