import { InvalidRunParamsError } from '../client/errors';
import { runMain as runEntryPoint } from '../lib/process/run-main';

export { messageChain, ReportedFailure } from '../lib/process/run-main';

/** A bad command-line argument: reported in one line, exit code 2 like a bad variable. */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
}

/**
 * Runs a CLI entry point as lib/process/run-main does a worker's, with this CLI's bad input
 * (arguments, run params) added to the usage errors: one line, exit 2, like a bad variable.
 */
export function runMain(main: () => Promise<void>): void {
  runEntryPoint(main, { isUsageError: (error) => error instanceof InvalidArgumentError || error instanceof InvalidRunParamsError });
}
