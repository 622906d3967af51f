import type { ArgsSpec, ParsedArgs } from './args';
import type { CommandContext } from './context';

/** One `factory` command: its arguments, its help, and what it does. */
export interface Command extends ArgsSpec {
  readonly summary: string;
  /** More help after the options: behaviour, examples, exit codes specific to it. */
  readonly details?: string;
  /** Returns the exit code (0 when it returns nothing); throws for errors (mapped by exit-codes.ts). */
  run(args: ParsedArgs, context: CommandContext): Promise<number | void>;
}

export function defineCommand(command: Command): Command {
  return command;
}
