import { parseCommandLine, type OptionSpecs, type ParsedArgs } from '../command-line';

export type { OptionSpec, OptionSpecs, ParsedArgs } from '../command-line';

export interface ArgsSpec {
  /** `factory <command>` as typed, e.g. `schedules pause`. */
  readonly command: string;
  readonly options: OptionSpecs;
  /** Names of the positionals, e.g. `['<dag>']`; a trailing `[...]` name is optional. */
  readonly positionals: readonly string[];
}

/** Parses a `factory` command's arguments; messages quote it as `factory <command>`. */
export function parseArgs(spec: ArgsSpec, argv: readonly string[]): ParsedArgs {
  return parseCommandLine({ program: `factory ${spec.command}`, options: spec.options, positionals: spec.positionals }, argv);
}
