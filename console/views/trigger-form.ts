import { z } from 'zod';
import { getDag } from '../../client/dag-catalog';
import type { DagSpec } from '../../common/dag';
import type { FieldType, TriggerField, TriggerForm } from './types';

/** Form names of the run options; every param field is `params.<dotted path>`. */
export const RUN_OPTION_FIELDS = { logicalDate: 'logicalDate', runKind: 'runKind' } as const;
export const PARAMS_PREFIX = 'params.';

/** The parts of a JSON Schema (draft 2020-12, as zod 4 writes it) the form reads. */
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
}

/**
 * The trigger form of a DAG, generated from its params zod schema (through `z.toJSONSchema`, input
 * side, so defaulted fields are not required). Objects with named fields are flattened into
 * dotted paths (`params.gate.minimum.f1`); anything else structured (records, arrays, unions)
 * is one `json` field. A field's default is what applies when the form leaves its object out:
 * the parent's default where the parent has one (weekly_retraining's modelConfig.classWeight is
 * "none" there, though the classifier's own default is "balanced"). Pure.
 */
export function triggerForm(dagId: string): TriggerForm {
  return formOf(getDag(dagId));
}

/** The parts of a DAG its form is made of. */
export type FormSource = Pick<DagSpec, 'id' | 'summary' | 'params' | 'logicalDate'>;

export function formOf(dag: FormSource): TriggerForm {
  const { fields } = formModel(dag);
  return { dagId: dag.id, summary: dag.summary, fields };
}

/** The form's fields, and the param objects that have a default (`gate.minimum`), which parsing needs. */
export interface FormModel {
  readonly fields: TriggerField[];
  /**
   * Dotted param paths of objects with a default: the form always sends them, so that clearing
   * every field of `gate.minimum` means "no minimum checks", not "the default minimums".
   */
  readonly defaultedObjects: string[];
}

export function formModel(dag: FormSource): FormModel {
  const schema = z.toJSONSchema(dag.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const model: FormModel = { fields: [...runOptionFields(dag)], defaultedObjects: [] };
  if (isNamedObject(schema)) flatten(schema, [], { required: true, default: undefined }, model);
  else model.fields.push(leaf(schema, [], true, schema.default));
  return model;
}

function runOptionFields(dag: FormSource): TriggerField[] {
  const required = dag.logicalDate === 'required';
  return [
    {
      name: RUN_OPTION_FIELDS.logicalDate,
      label: 'Logical date',
      type: 'string',
      format: 'date-time',
      description:
        'ISO-8601 instant with offset (e.g. 2002-10-07T03:00:00Z); it fixes the data interval and the run id. Empty: now' +
        (required ? '' : ' (the run start)'),
      required: false,
    },
    {
      name: RUN_OPTION_FIELDS.runKind,
      label: 'Run kind',
      type: 'enum',
      enumValues: ['manual', 'backfill'],
      default: 'manual',
      description: 'manual: a one-off run; backfill: a run for a past logical date',
      required: false,
    },
  ];
}

interface Parent {
  readonly required: boolean;
  /** The default of the nearest ancestor that has one, at this level. */
  readonly default: unknown;
}

function flatten(schema: JsonSchema, path: string[], parent: Parent, out: FormModel): void {
  const required = new Set(schema.required ?? []);
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const childPath = [...path, key];
    const isRequired = parent.required && required.has(key);
    const inherited = isRecord(parent.default) ? parent.default[key] : undefined;
    // The parent's default replaces the whole object, so it wins over the child's own default.
    const effectiveDefault = parent.default !== undefined ? inherited : child.default;
    if (isNamedObject(child)) {
      const objectDefault = effectiveDefault ?? (parent.default !== undefined ? {} : undefined);
      if (objectDefault !== undefined) out.defaultedObjects.push(childPath.join('.'));
      flatten(child, childPath, { required: isRequired, default: objectDefault }, out);
    } else {
      out.fields.push(leaf(child, childPath, isRequired, effectiveDefault, parent.default !== undefined ? child.default : undefined));
    }
  }
}

function leaf(schema: JsonSchema, path: string[], required: boolean, defaultValue: unknown, ownDefault?: unknown): TriggerField {
  const type = fieldType(schema);
  const enumValues = enumOf(schema);
  const bounds = boundsOf(schema, type);
  // Left empty, such a field takes the default of the code that reads it (lib/ml's for modelConfig).
  const placeholder = defaultValue === undefined && ownDefault !== undefined ? shownValue(ownDefault, type) : undefined;
  return {
    name: PARAMS_PREFIX + path.join('.'),
    label: labelOf(schema, path),
    type,
    ...(defaultValue !== undefined ? { default: shownValue(defaultValue, type) } : {}),
    ...(placeholder !== undefined ? { placeholder } : {}),
    ...(schema.description ? { description: schema.description } : {}),
    ...(enumValues ? { enumValues } : {}),
    ...bounds,
    ...(type === 'string' && schema.pattern ? { pattern: schema.pattern } : {}),
    required: required && defaultValue === undefined,
  };
}

function fieldType(schema: JsonSchema): FieldType {
  if (enumOf(schema)) return 'enum';
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

/** String choices: an `enum`, or a union of string constants. */
function enumOf(schema: JsonSchema): string[] | undefined {
  const values = schema.enum ?? (schema.anyOf ?? schema.oneOf)?.map((s) => s.const ?? s.enum?.[0]);
  if (!values || values.length === 0 || !values.every((v) => typeof v === 'string')) return undefined;
  return values as string[];
}

function boundsOf(schema: JsonSchema, type: FieldType): Pick<TriggerField, 'min' | 'max' | 'exclusiveMin' | 'exclusiveMax'> {
  const bounds: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean } = {};
  // 2^53 - 1 is zod's "any safe integer", not a bound a person chose.
  const real = (n: number | undefined): n is number => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  // An integer above 0 is an integer of at least 1: an inclusive bound, as HTML's min expects.
  const step = type === 'integer' ? 1 : 0;
  if (real(schema.minimum)) bounds.min = schema.minimum;
  else if (real(schema.exclusiveMinimum))
    Object.assign(bounds, step ? { min: schema.exclusiveMinimum + step } : { min: schema.exclusiveMinimum, exclusiveMin: true });
  if (real(schema.maximum)) bounds.max = schema.maximum;
  else if (real(schema.exclusiveMaximum))
    Object.assign(bounds, step ? { max: schema.exclusiveMaximum - step } : { max: schema.exclusiveMaximum, exclusiveMax: true });
  return bounds;
}

/** `trainingWeeks` → `Training weeks`; nested: `Gate › minimum › f1`. */
function labelOf(schema: JsonSchema, path: string[]): string {
  if (schema.title) return schema.title;
  const words = path.map((key) => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
  const text = words.join(' › ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A default as an input shows it: text for scalars, JSON for `json` fields. */
function shownValue(value: unknown, type: FieldType): string {
  if (type === 'json' || typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isNamedObject(schema: JsonSchema): boolean {
  const extra = schema.additionalProperties;
  return schema.type === 'object' && schema.properties !== undefined && Object.keys(schema.properties).length > 0 && (extra === undefined || extra === false);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
