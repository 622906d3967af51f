import { parseArgs as parseWithNode } from 'node:util';
import { InvalidArgumentError } from './main-wrapper';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** May be given more than once (`--param a=1 --param b=2`). @default false */
  readonly multiple?: boolean;
  /** @default false */
  readonly required?: boolean;
  /** Placeholder in help and messages, e.g. `ISO`. @default '<value>' */
  readonly value?: string;
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What one entry point accepts: every entry point (start, factory, scripts, benches) declares one. */
export interface CommandLineSpec {
  /** How the command is typed before its arguments, as messages quote it: `factory run`, `npm start --`. */
  readonly program: string;
  readonly options: OptionSpecs;
  /** Names of the positionals, e.g. `['<dag>']`; a `[...]` name is optional, a `...]`/`...>` one takes the rest. */
  readonly positionals: readonly string[];
}

export interface ParsedArgs {
  readonly help: boolean;
  readonly positionals: readonly string[];
  string(name: string): string | undefined;
  list(name: string): readonly string[];
  flag(name: string): boolean;
}

const HELP: OptionSpec = { type: 'boolean', description: 'show this help' };

/**
 * Parses with node:util parseArgs in strict mode (`--name value`, `--name=value`, boolean flags,
 * repeated options, `--` ending the options), then checks what it leaves to the caller: a
 * single-valued option given twice, required options, positional counts. Its errors are rewritten
 * as one line that names the flag, the value and what to type instead.
 */
export function parseCommandLine(spec: CommandLineSpec, argv: readonly string[]): ParsedArgs {
  const hint = `see \`${spec.program} --help\``;
  let parsed: ReturnType<typeof parseTokens>;
  try {
    parsed = parseTokens(spec, argv, true);
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS_')) throw explain(spec, argv, hint, err as Error);
    throw err;
  }
  const strings = new Map<string, string[]>();
  const flags = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (token.value === undefined) {
      flags.add(token.name);
      continue;
    }
    const values = strings.get(token.name) ?? [];
    if (values.length > 0 && !optionOf(spec, token.name)?.multiple)
      throw new InvalidArgumentError(`--${token.name} given twice ("${values[0]}" and "${token.value}"); give it once`);
    strings.set(token.name, [...values, token.value]);
  }
  const help = flags.has('help');
  if (!help) checkCounts(spec, parsed.positionals, strings, hint);
  return {
    help,
    positionals: parsed.positionals,
    string: (name) => strings.get(name)?.[0],
    list: (name) => strings.get(name) ?? [],
    flag: (name) => flags.has(name),
  };
}

function parseTokens(spec: CommandLineSpec, argv: readonly string[], strict: boolean) {
  const options: Record<string, { type: 'string' | 'boolean'; multiple: boolean; short?: string }> = { help: { type: 'boolean', multiple: false, short: 'h' } };
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type, multiple: o.multiple ?? false };
  return parseWithNode({ args: joinDashValues(spec, argv), options, allowPositionals: true, strict, tokens: true });
}

function optionOf(spec: CommandLineSpec, name: string): OptionSpec | undefined {
  return Object.hasOwn(spec.options, name) ? spec.options[name] : undefined;
}

/**
 * node:util refuses `--version -1` as ambiguous; here, as the factory CLI always did, only a long
 * option ends a value, so `-1` or `-x` after a string option is its value (`--version=-1`).
 */
function joinDashValues(spec: CommandLineSpec, argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...joined, ...argv.slice(i)];
    const next = argv[i + 1];
    const takesValue = arg.startsWith('--') && !arg.includes('=') && optionOf(spec, arg.slice(2))?.type === 'string';
    if (takesValue && next !== undefined && /^-[^-]/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

/** The first argument strict parsing refused, found again by a lenient parse, said as a fix. */
function explain(spec: CommandLineSpec, argv: readonly string[], hint: string, err: Error): InvalidArgumentError {
  for (const token of parseTokens(spec, argv, false).tokens) {
    if (token.kind !== 'option') continue;
    const option = token.name === 'help' ? HELP : optionOf(spec, token.name);
    if (!option) {
      const known = Object.keys(spec.options).map((o) => `--${o}`);
      return new InvalidArgumentError(
        `unknown option ${token.rawName} for \`${spec.program}\` (${known.length ? `options: ${known.join(', ')}` : 'it takes no options'}); ${hint}`,
      );
    }
    if (option.type === 'boolean' && token.value !== undefined)
      return new InvalidArgumentError(`${token.rawName} takes no value (got "${token.value}"); ${hint}`);
    // A value that looks like an option is most likely the next option, the value forgotten.
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')))) {
      return new InvalidArgumentError(`--${token.name} needs a value: --${token.name} ${option.value ?? '<value>'}; ${hint}`);
    }
  }
  return new InvalidArgumentError(`${err.message.split('\n')[0]!}; ${hint}`, { cause: err });
}

function checkCounts(spec: CommandLineSpec, positionals: readonly string[], strings: ReadonlyMap<string, string[]>, hint: string): void {
  const required = spec.positionals.filter((p) => !p.startsWith('['));
  const variadic = spec.positionals.some((p) => p.endsWith('...]') || p.endsWith('...>'));
  if (positionals.length < required.length) {
    throw new InvalidArgumentError(`missing ${required[positionals.length]}: usage: ${spec.program} ${spec.positionals.join(' ')}; ${hint}`);
  }
  if (!variadic && positionals.length > spec.positionals.length) {
    throw new InvalidArgumentError(`unexpected argument ${JSON.stringify(positionals[spec.positionals.length])} for \`${spec.program}\`; ${hint}`);
  }
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.required && !strings.has(name)) throw new InvalidArgumentError(`--${name} is required: --${name} ${option.value ?? '<value>'}; ${hint}`);
  }
}

/** An integer option within bounds, or `fallback` when it is absent; a bad value is quoted in the message. */
export function integerOption<T extends number | undefined>(
  args: ParsedArgs,
  name: string,
  fallback: T,
  bounds: { min?: number; max?: number } = {},
): number | T {
  const text = args.string(name);
  if (text === undefined) return fallback;
  const { min = 1, max } = bounds;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || (max !== undefined && n > max)) {
    const expected = max !== undefined ? `an integer from ${min} to ${max}` : min === 1 ? 'a positive integer' : `an integer of at least ${min}`;
    throw new InvalidArgumentError(`--${name} ${JSON.stringify(text)} is invalid: expected ${expected}`);
  }
  return n;
}

/** The single-valued string options that were given, by name: the input of a zod schema that coerces them. */
export function givenStrings(args: ParsedArgs, spec: CommandLineSpec): Record<string, string> {
  const given: Record<string, string> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    const value = option.type === 'string' && !option.multiple ? args.string(name) : undefined;
    if (value !== undefined) given[name] = value;
  }
  return given;
}
