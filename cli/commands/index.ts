export { runFactory } from './run-factory';
export { createContext, type CliIo, type CommandContext, type ContextOverrides, type OutStream } from './context';
export { EXIT_CODES, errorLine, exitCodeOf, type ExitCode } from './exit-codes';
export { parseArgs, type ArgsSpec, type OptionSpec, type ParsedArgs } from './args';
export { parseParamFlags, coerceValue } from './params';
export type { Command } from './command';
export { COMMANDS } from './command-list';
