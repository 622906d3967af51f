import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ID_PATTERN } from '../../common/dag/validate';
import { describeValue, issueExpectation } from '../../common/validation';
import { givenStrings, type OptionSpecs, type ParsedArgs } from '../command-line';
import { InvalidArgumentError } from '../main-wrapper';

/**
 * The single-valued string options of a command, parsed with a zod schema keyed by option name,
 * before the command connects or writes anything. The first problem is thrown as one line in the
 * CLI's words: `--to "next week" is invalid: expected an ISO date ...`.
 */
export function parseOptions<S extends z.ZodType>(args: ParsedArgs, options: OptionSpecs, schema: S): z.output<S> {
  const given = givenStrings(args, { program: '', options, positionals: [] });
  const parsed = schema.safeParse(given);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0] ?? '');
  const value = name in given ? describeValue(given[name]) : undefined;
  throw new InvalidArgumentError(value === undefined ? `--${name}: ${issueExpectation(issue)}` : `--${name} ${value} is invalid: ${issueExpectation(issue)}`);
}

/** A file the command will write: its folder must exist (checked before anything is fetched). */
export function outputFile(extension: string) {
  return z
    .string()
    .min(1, `expected a file path ending in ${extension}`)
    .refine((path) => path.toLowerCase().endsWith(extension), `expected a file path ending in ${extension}`)
    .refine((path) => isFolder(dirname(resolve(path))), 'expected a path in an existing folder');
}

/** A folder the command writes files into; created when missing. */
export const outputFolder = z
  .string()
  .min(1, 'expected a folder path')
  .refine((path) => !existsSync(path) || isFolder(path), 'expected a folder (a file has that name)');

/** `--width <px>` of a PNG. */
export const pngWidth = z.coerce
  .number({ message: 'expected a width in pixels from 100 to 8000' })
  .int('expected a width in pixels from 100 to 8000')
  .min(100, 'expected a width in pixels from 100 to 8000')
  .max(8000, 'expected a width in pixels from 100 to 8000');

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A positional checked with a zod schema, quoted in the CLI's words when it is refused. */
export function parsePositional<S extends z.ZodType>(name: string, value: string, schema: S): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InvalidArgumentError(`${name} ${describeValue(value)} is invalid: ${issueExpectation(parsed.error.issues[0]!)}`);
}

/** A workflow id as Temporal accepts it. */
export const WorkflowIdSchema = z
  .string()
  .refine((id) => id.trim() !== '', 'expected a workflow id such as weekly_retraining/spam/2002-W39')
  .max(1000, 'expected a workflow id of at most 1000 characters');

/** A task id as DAG validation accepts it (common/dag/validate.ts). */
export const TaskIdSchema = z.string().regex(ID_PATTERN, 'expected a task id such as train_model (`factory status <workflowId>` lists them)');
