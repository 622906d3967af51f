import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { givenStrings, integerOption, parseCommandLine, type CommandLineSpec } from '../../../cli/command-line';
import { helpText } from '../../../cli/command-line-help';

const bench: CommandLineSpec = {
  program: 'npm run bench:x --',
  positionals: [],
  options: {
    rows: { type: 'string', value: '<n>', description: 'rows' },
    table: { type: 'string', value: '<name>', description: 'table' },
    'skip-large': { type: 'boolean', description: 'skip' },
    tag: { type: 'string', multiple: true, description: 'tag' },
  },
};

test('script and bench messages quote the program as it is typed', () => {
  assert.throws(() => parseCommandLine(bench, ['--row', '5']), {
    name: 'InvalidArgumentError',
    message: 'unknown option --row for `npm run bench:x --` (options: --rows, --table, --skip-large, --tag); see `npm run bench:x -- --help`',
  });
  assert.throws(() => parseCommandLine(bench, ['-r']), { message: /^unknown option -r for `npm run bench:x --`/ });
  assert.throws(() => parseCommandLine(bench, ['--skip-large=yes']), { message: '--skip-large takes no value (got "yes"); see `npm run bench:x -- --help`' });
  assert.throws(() => parseCommandLine(bench, ['--rows', '--skip-large']), { message: '--rows needs a value: --rows <n>; see `npm run bench:x -- --help`' });
  assert.throws(() => parseCommandLine(bench, ['stray']), { message: 'unexpected argument "stray" for `npm run bench:x --`; see `npm run bench:x -- --help`' });
  assert.throws(() => parseCommandLine({ ...bench, options: {} }, ['--rows', '1']), { message: /\(it takes no options\)/ });
});

test('a value that starts with one dash belongs to the option before it, as `--name=value` does', () => {
  assert.equal(parseCommandLine(bench, ['--rows', '-1']).string('rows'), '-1');
  assert.equal(parseCommandLine(bench, ['--rows=-1']).string('rows'), '-1');
  assert.equal(parseCommandLine(bench, ['--table', '-']).string('table'), '-');
  assert.throws(() => parseCommandLine(bench, ['-1']), { message: /^unknown option -1 / });
});

test('-h is --help, repeatable options keep their order, and absent ones read as empty', () => {
  const args = parseCommandLine(bench, ['-h', '--tag', 'a', '--tag=b']);
  assert.equal(args.help, true);
  assert.deepEqual(args.list('tag'), ['a', 'b']);
  assert.deepEqual(args.list('rows'), []);
  assert.equal(args.flag('skip-large'), false);
  assert.equal(args.string('table'), undefined);
});

test('integer options say which flag, which value and what range', () => {
  const args = (argv: string[]) => parseCommandLine(bench, argv);
  assert.equal(integerOption(args([]), 'rows', 1_000_000), 1_000_000);
  assert.equal(integerOption(args([]), 'rows', undefined), undefined);
  assert.equal(integerOption(args(['--rows', '25']), 'rows', 1), 25);
  assert.throws(() => integerOption(args(['--rows', 'ten']), 'rows', 1), {
    name: 'InvalidArgumentError',
    message: '--rows "ten" is invalid: expected a positive integer',
  });
  assert.throws(() => integerOption(args(['--rows', '']), 'rows', 1), { message: '--rows "" is invalid: expected a positive integer' });
  assert.throws(() => integerOption(args(['--rows', '101']), 'rows', 5, { max: 100 }), {
    message: '--rows "101" is invalid: expected an integer from 1 to 100',
  });
  assert.throws(() => integerOption(args(['--rows', '50']), 'rows', 100, { min: 100 }), {
    message: '--rows "50" is invalid: expected an integer of at least 100',
  });
});

test('the given single-valued strings are what a zod schema of the options reads', () => {
  assert.deepEqual(givenStrings(parseCommandLine(bench, ['--rows', '5', '--tag', 'a', '--skip-large']), bench), { rows: '5' });
});

test('help lists each option with its placeholder, then the details', () => {
  assert.equal(
    helpText({ ...bench, summary: 'Measures x.', details: 'More.' }),
    [
      'usage: npm run bench:x -- [options]',
      '',
      'Measures x.',
      '',
      'options:',
      '  --rows <n>      rows',
      '  --table <name>  table',
      '  --skip-large    skip',
      '  --tag <value>   tag (repeatable)',
      '  -h, --help      show this help',
      '',
      'More.',
      '',
    ].join('\n'),
  );
});

// Issue 9: each entry point had its own argv loop, with its own rules and messages.
test('no entry point reads process.argv by hand', () => {
  const root = join(__dirname, '..', '..', '..');
  const files = [
    ...readdirSync(join(root, 'cli'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join('cli', f)),
    ...readdirSync(join(root, 'bench'))
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => join('bench', f)),
  ];
  const byHand = files.filter((file) => /process\.argv\.(indexOf|includes)|process\.argv\[|args\.indexOf\(/.test(readFileSync(join(root, file), 'utf8')));
  assert.deepEqual(byHand, [], 'parse with readCommandLine (cli/command-line-help.ts) instead');
});
