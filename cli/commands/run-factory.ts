import { COMMANDS } from './command-list';
import type { Command } from './command';
import { parseArgs } from './args';
import { createContext, type CliIo, type ContextOverrides } from './context';
import { EXIT_CODES, errorLine, exitCodeOf } from './exit-codes';
import { commandHelp, listHelp } from './help';

const GROUPS = new Set(COMMANDS.filter((c) => c.command.includes(' ')).map((c) => c.command.split(' ')[0]!));

/** Finds the command named by the first one or two words; the rest are its arguments. */
function findCommand(argv: readonly string[]): { command?: Command; rest: readonly string[]; group?: string } {
  const [first, second] = argv;
  if (first && GROUPS.has(first)) {
    const command = COMMANDS.find((c) => c.command === `${first} ${second}`);
    return command ? { command, rest: argv.slice(2) } : { rest: argv.slice(1), group: first };
  }
  return { command: COMMANDS.find((c) => c.command === first), rest: argv.slice(1) };
}

/**
 * Runs one `factory` command and returns its exit code (see EXIT_CODES). Errors are printed as
 * one line on stderr; the stack only with LOG_LEVEL=debug.
 */
export async function runFactory(argv: readonly string[], io: CliIo, overrides: ContextOverrides = {}): Promise<number> {
  const { command, rest, group } = findCommand(argv);
  if (!command) {
    const asked = argv[0] === undefined || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help';
    const groupHelp = group !== undefined && (rest[0] === undefined || rest[0] === '--help' || rest[0] === '-h');
    if (asked || groupHelp) {
      io.stdout.write(listHelp(COMMANDS, group));
      return argv[0] === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
    }
    const what = group ? `${group} ${rest[0]}` : argv[0];
    io.stderr.write(`error: unknown command "${what}"; \`factory ${group ? `${group} ` : ''}--help\` lists the commands\n`);
    return EXIT_CODES.usage;
  }
  const { context, close } = createContext(io, overrides);
  try {
    const args = parseArgs(command, rest);
    if (args.help) {
      io.stdout.write(commandHelp(command));
      return EXIT_CODES.ok;
    }
    return (await command.run(args, context)) ?? EXIT_CODES.ok;
  } catch (err) {
    io.stderr.write(`error: ${errorLine(err)}\n`);
    const code = exitCodeOf(err);
    if (io.env.LOG_LEVEL === 'debug' && err instanceof Error) io.stderr.write(`${err.stack ?? ''}\n`);
    return code;
  } finally {
    await close().catch(() => undefined);
  }
}
