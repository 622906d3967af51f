import { parseCommandLine, type CommandLineSpec, type ParsedArgs } from './command-line';

export interface DocumentedCommandLine extends CommandLineSpec {
  /** One sentence under the usage line. */
  readonly summary: string;
  /** More help after the options: behaviour, examples. */
  readonly details?: string;
}

/** `<program> --help`: usage, summary, one line per option, details, then the footer if any. */
export function helpText(spec: DocumentedCommandLine, footer?: string): string {
  const options: (readonly [string, string])[] = Object.entries(spec.options).map(
    ([name, o]) =>
      [
        `--${name}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`,
        `${o.description}${o.required ? ' (required)' : ''}${o.multiple ? ' (repeatable)' : ''}`,
      ] as const,
  );
  options.push(['-h, --help', 'show this help']);
  const width = Math.max(...options.map(([flag]) => flag.length));
  return [
    `usage: ${spec.program}${spec.positionals.length ? ` ${spec.positionals.join(' ')}` : ''}${Object.keys(spec.options).length ? ' [options]' : ''}`,
    '',
    spec.summary,
    '',
    'options:',
    ...options.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
    ...(spec.details ? ['', spec.details] : []),
    ...(footer ? ['', footer] : []),
    '',
  ].join('\n');
}

/**
 * The arguments of a script or bench entry point, or undefined once `--help` has been printed
 * (the caller then returns). Bad arguments throw InvalidArgumentError before anything starts.
 */
export function readCommandLine(spec: DocumentedCommandLine, argv: readonly string[] = process.argv.slice(2)): ParsedArgs | undefined {
  const args = parseCommandLine(spec, argv);
  if (!args.help) return args;
  process.stdout.write(helpText(spec));
  return undefined;
}
