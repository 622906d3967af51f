import type { z } from 'zod';

/** How long a quoted bad value may get before it is cut, so one huge field cannot flood a message. */
export const MAX_VALUE_CHARS = 80;

export interface IssueFormatOptions {
  /**
   * Names the parsed value as a whole and starts every path: `params` gives `params.epochs`.
   * @default none: paths start at the first key, and an issue at the root is named by `root`
   */
  readonly prefix?: string;
  /** Name of the root when there is no prefix. @default "(root)" */
  readonly root?: string;
  /**
   * The value that was parsed. The bad value is read from it at the issue's path when the schema
   * was parsed without `{ reportInput: true }` (the issue then does not carry its input).
   */
  readonly input?: unknown;
  /** Keys the root object accepts, listed after an unknown root field so the fix is visible. */
  readonly knownKeys?: readonly string[];
}

type Issue = z.core.$ZodIssue;

/**
 * One line per problem, in one shape everywhere: `path: what is expected (got <value>)`, the
 * value as JSON cut at MAX_VALUE_CHARS; a wrong type reads `path: expected number, got "ten"`
 * (`got nothing` for a missing field), and each unknown key of a strict object is a line of its own.
 */
export function formatZodIssues(error: z.ZodError | readonly Issue[], options: IssueFormatOptions = {}): string[] {
  const issues = 'issues' in error ? error.issues : error;
  return issues.flatMap((issue) => formatIssue(issue, options));
}

function formatIssue(issue: Issue, options: IssueFormatOptions): string[] {
  const path = issuePath(issue.path, options);
  if (issue.code === 'unrecognized_keys') return unknownFields(issue.keys, { ...options, at: issue.path });
  const got = badValue(issue, options);
  if (issue.code === 'invalid_type' && isDefaultTypeMessage(issue.message)) {
    return [got.known ? `${path}: expected ${issue.expected}, got ${describeValue(got.value) ?? 'nothing'}` : `${path}: expected ${issue.expected}`];
  }
  // A custom message on a wrong type still says that nothing was there.
  const shown = got.known ? (describeValue(got.value) ?? (issue.code === 'invalid_type' ? 'nothing' : undefined)) : undefined;
  return [shown === undefined ? `${path}: ${issueExpectation(issue)}` : `${path}: ${issueExpectation(issue)} (got ${shown})`];
}

/**
 * One line per unknown key, for objects a schema strips instead of refusing them: the same words
 * a strict schema's issue gets. The known keys are listed only for keys at the root.
 */
export function unknownFields(keys: readonly string[], options: IssueFormatOptions & { readonly at?: readonly PropertyKey[] } = {}): string[] {
  const at = options.at ?? [];
  const hint = at.length === 0 && options.knownKeys ? ` (known: ${options.knownKeys.join(', ')})` : '';
  return keys.map((key) => `${issuePath([...at, key], options)}: unknown field${hint}`);
}

/**
 * What the issue says is expected, without zod's "Invalid input: " lead-in, for messages that
 * name the field their own way (`VARIABLE="value" is invalid: expected <this>`).
 */
export function issueExpectation(issue: Issue): string {
  if (issue.code === 'invalid_type' && isDefaultTypeMessage(issue.message)) return `expected ${issue.expected}`;
  return issue.message.replace(/^Invalid (input|option|string|value): /, '');
}

/** The value as it appears in a message: JSON, cut at MAX_VALUE_CHARS; undefined for undefined. */
export function describeValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  // JSON would call NaN and Infinity null, which is not what the caller sent.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // BigInt and cyclic values have no JSON form.
    json = undefined;
  }
  const text = json ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

/** `prefix.a.b`, or the root's name for an empty path. */
export function issuePath(path: readonly PropertyKey[], options: Pick<IssueFormatOptions, 'prefix' | 'root'> = {}): string {
  const keys = path.map(String);
  if (options.prefix !== undefined && options.prefix !== '') return [options.prefix, ...keys].join('.');
  return keys.length > 0 ? keys.join('.') : (options.root ?? '(root)');
}

function isDefaultTypeMessage(message: string): boolean {
  return message.startsWith('Invalid input: expected ');
}

function badValue(issue: Issue, options: IssueFormatOptions): { known: boolean; value?: unknown } {
  if ('input' in issue) return { known: true, value: issue.input };
  if (!('input' in options)) return { known: false };
  let value: unknown = options.input;
  for (const key of issue.path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return { known: true, value };
}
