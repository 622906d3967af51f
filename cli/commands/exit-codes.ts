import { ScheduleNotFoundError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { InvalidRunParamsError, RunNotFoundError, UnknownDagError } from '../../client';
import { ConfigError } from '../../lib/config';
import { InvalidRegistryInputError, UnknownModelVersionError } from '../../lib/registry';
import { InvalidScheduleError } from '../../schedules';
import { InvalidArgumentError } from '../main-wrapper';

/** Exit codes scripts can rely on (documented in docs/cli.md). */
export const EXIT_CODES = {
  /** The command did what was asked; for `run` and `status`, the run succeeded or is running. */
  ok: 0,
  /** The run failed (or was cancelled or terminated), or the operation failed: server refused, unreachable, ... */
  failed: 1,
  /** Bad usage: unknown command or option, missing argument, bad param, cron or config value. Nothing was changed. */
  usage: 2,
  /** What the command names does not exist: run, DAG, schedule, model or version. */
  notFound: 3,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

const USAGE: readonly (abstract new (...args: never[]) => Error)[] = [
  InvalidArgumentError,
  ConfigError,
  InvalidRunParamsError,
  InvalidScheduleError,
  InvalidRegistryInputError,
];
const NOT_FOUND: readonly (abstract new (...args: never[]) => Error)[] = [
  RunNotFoundError,
  UnknownDagError,
  ScheduleNotFoundError,
  UnknownModelVersionError,
  WorkflowNotFoundError,
];

export function exitCodeOf(err: unknown): ExitCode {
  if (USAGE.some((type) => err instanceof type)) return EXIT_CODES.usage;
  if (NOT_FOUND.some((type) => err instanceof type)) return EXIT_CODES.notFound;
  return EXIT_CODES.failed;
}

/** The error as one line, with the fix where the error's own message does not give it. */
export function errorLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = message
    .split('\n')
    .map((part) => part.trim().replace(/^- /, ''))
    .filter(Boolean)
    .join('; ')
    .replace(/:;/g, ':');
  if (err instanceof ScheduleNotFoundError)
    return `schedule not found (${line}): \`factory schedules list\` shows the ids; \`factory schedules apply\` creates the default ones`;
  if (err instanceof UnknownModelVersionError) return `${line}; \`factory models list\` shows the models`;
  return line;
}
