import type { Command } from './command';

const EXIT_CODES_HELP = 'exit codes: 0 ok · 1 run failed or operation failed · 2 usage error · 3 not found';

/** `factory <command> --help`. */
export function commandHelp(command: Command): string {
  const options: (readonly [string, string])[] = Object.entries(command.options).map(([name, o]) => [`--${name}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`, `${o.description}${o.required ? ' (required)' : ''}${o.multiple ? ' (repeatable)' : ''}`] as const);
  options.push(['-h, --help', 'show this help']);
  const width = Math.max(...options.map(([flag]) => flag.length));
  return [
    `usage: factory ${command.command}${command.positionals.length ? ` ${command.positionals.join(' ')}` : ''}${Object.keys(command.options).length ? ' [options]' : ''}`,
    '',
    command.summary,
    '',
    'options:',
    ...options.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    ...(command.details ? ['', command.details] : []),
    '',
    EXIT_CODES_HELP,
    '',
  ].join('\n');
}

/** `factory --help` or `factory <group> --help`: one line per command. */
export function listHelp(commands: readonly Command[], group?: string): string {
  const shown = group ? commands.filter((c) => c.command.startsWith(`${group} `)) : commands;
  const usage = shown.map((c) => `factory ${c.command}${c.positionals.length ? ` ${c.positionals.join(' ')}` : ''}`);
  const width = Math.max(...usage.map((u) => u.length));
  return [
    group ? `usage: factory ${group} <command> [options]` : 'usage: factory <command> [options]',
    '',
    group ? `commands of \`factory ${group}\`:` : 'Starts, follows and operates the DAG runs of the model factory on Temporal (TEMPORAL_ADDRESS, default 127.0.0.1:7233 as `npm start` serves it).',
    ...(group ? [] : ['', 'commands:']),
    ...usage.map((u, i) => `  ${u.padEnd(width)}  ${shown[i]!.summary}`),
    '',
    `\`factory <command> --help\` shows a command's options. ${EXIT_CODES_HELP}`,
    '',
  ].join('\n');
}
