import { InvalidArgumentError } from '../main-wrapper';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** May be given more than once (`--param a=1 --param b=2`). */
  readonly multiple?: boolean;
  readonly required?: boolean;
  /** Placeholder in help, e.g. `ISO`. */
  readonly value?: string;
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  readonly help: boolean;
  readonly positionals: readonly string[];
  string(name: string): string | undefined;
  list(name: string): readonly string[];
  flag(name: string): boolean;
}

export interface ArgsSpec {
  /** `factory <command>` as typed, e.g. `schedules pause`. */
  readonly command: string;
  readonly options: OptionSpecs;
  /** Names of the positionals, e.g. `['<dag>']`; a trailing `[...]` name is optional. */
  readonly positionals: readonly string[];
}

/**
 * Parses `--name value`, `--name=value`, boolean `--flag`, repeated options and positionals, with
 * one-line errors that say what to type instead. `--` ends the options.
 */
export function parseArgs(spec: ArgsSpec, argv: readonly string[]): ParsedArgs {
  const strings = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  const hint = `see \`factory ${spec.command} --help\``;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (/^-[a-zA-Z]/.test(arg)) throw new InvalidArgumentError(`unknown option ${arg} for \`factory ${spec.command}\`; ${hint}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const option = Object.hasOwn(spec.options, name) ? spec.options[name] : undefined;
    if (!option) {
      const known = Object.keys(spec.options).map((o) => `--${o}`);
      throw new InvalidArgumentError(`unknown option --${name} for \`factory ${spec.command}\` (${known.length ? `options: ${known.join(', ')}` : 'it takes no options'}); ${hint}`);
    }
    if (option.type === 'boolean') {
      if (eq >= 0) throw new InvalidArgumentError(`--${name} takes no value (got "${arg.slice(eq + 1)}"); ${hint}`);
      flags.add(name);
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new InvalidArgumentError(`--${name} needs a value: --${name} ${option.value ?? '<value>'}; ${hint}`);
      }
      value = next;
      i++;
    }
    const values = strings.get(name) ?? [];
    if (values.length > 0 && !option.multiple) throw new InvalidArgumentError(`--${name} given twice ("${values[0]}" and "${value}"); give it once`);
    strings.set(name, [...values, value]);
  }
  if (!help) checkCounts(spec, positionals, strings, hint);
  return {
    help,
    positionals,
    string: (name) => strings.get(name)?.[0],
    list: (name) => strings.get(name) ?? [],
    flag: (name) => flags.has(name),
  };
}

function checkCounts(spec: ArgsSpec, positionals: readonly string[], strings: ReadonlyMap<string, string[]>, hint: string): void {
  const required = spec.positionals.filter((p) => !p.startsWith('['));
  const variadic = spec.positionals.some((p) => p.endsWith('...]') || p.endsWith('...>'));
  if (positionals.length < required.length) {
    throw new InvalidArgumentError(`missing ${required[positionals.length]}: usage: factory ${spec.command} ${spec.positionals.join(' ')}; ${hint}`);
  }
  if (!variadic && positionals.length > spec.positionals.length) {
    throw new InvalidArgumentError(`unexpected argument ${JSON.stringify(positionals[spec.positionals.length])} for \`factory ${spec.command}\`; ${hint}`);
  }
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.required && !strings.has(name)) throw new InvalidArgumentError(`--${name} is required: --${name} ${option.value ?? '<value>'}; ${hint}`);
  }
}
