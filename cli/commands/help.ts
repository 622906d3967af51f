import { helpText } from '../command-line-help';
import type { Command } from './command';

const EXIT_CODES_HELP = 'exit codes: 0 ok · 1 run failed or operation failed · 2 usage error · 3 not found';

/** `factory <command> --help`. */
export function commandHelp(command: Command): string {
  return helpText({ ...command, program: `factory ${command.command}` }, EXIT_CODES_HELP);
}

/** `factory --help` or `factory <group> --help`: one line per command. */
export function listHelp(commands: readonly Command[], group?: string): string {
  const shown = group ? commands.filter((c) => c.command.startsWith(`${group} `)) : commands;
  const usage = shown.map((c) => `factory ${c.command}${c.positionals.length ? ` ${c.positionals.join(' ')}` : ''}`);
  const width = Math.max(...usage.map((u) => u.length));
  return [
    group ? `usage: factory ${group} <command> [options]` : 'usage: factory <command> [options]',
    '',
    group
      ? `commands of \`factory ${group}\`:`
      : 'Starts, follows and operates the DAG runs of the model factory on Temporal (TEMPORAL_ADDRESS, default 127.0.0.1:7233 as `npm start` serves it).',
    ...(group ? [] : ['', 'commands:']),
    ...usage.map((u, i) => `  ${u.padEnd(width)}  ${shown[i]!.summary}`),
    '',
    `\`factory <command> --help\` shows a command's options. ${EXIT_CODES_HELP}`,
    '',
  ].join('\n');
}
