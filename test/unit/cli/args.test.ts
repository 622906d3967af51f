import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, type ArgsSpec } from '../../../cli/commands';
import { InvalidArgumentError } from '../../../cli/main-wrapper';

const spec: ArgsSpec = {
  command: 'run',
  positionals: ['<dag>'],
  options: {
    param: { type: 'string', multiple: true, value: 'key=value', description: '' },
    'logical-date': { type: 'string', value: 'ISO', description: '' },
    json: { type: 'boolean', description: '' },
  },
};

test('reads positionals, repeated options, --name=value and boolean flags', () => {
  const args = parseArgs(spec, ['weekly_retraining', '--param', 'epochs=3', '--param=modelName=spam', '--logical-date', '2002-09-30T03:00:00Z', '--json']);
  assert.deepEqual(args.positionals, ['weekly_retraining']);
  assert.deepEqual(args.list('param'), ['epochs=3', 'modelName=spam']);
  assert.equal(args.string('logical-date'), '2002-09-30T03:00:00Z');
  assert.equal(args.flag('json'), true);
  assert.equal(args.help, false);
});

test('an unknown option is a usage error that lists the options of the command', () => {
  assert.throws(() => parseArgs(spec, ['weekly_retraining', '--epochs', '3']), {
    name: 'InvalidArgumentError',
    message: 'unknown option --epochs for `factory run` (options: --param, --logical-date, --json); see `factory run --help`',
  });
});

test('a missing positional names it and shows the usage', () => {
  assert.throws(() => parseArgs(spec, ['--json']), { message: 'missing <dag>: usage: factory run <dag>; see `factory run --help`' });
});

test('an option without its value says what to type', () => {
  assert.throws(() => parseArgs(spec, ['x', '--logical-date']), { message: '--logical-date needs a value: --logical-date ISO; see `factory run --help`' });
  assert.throws(() => parseArgs(spec, ['x', '--logical-date', '--json']), InvalidArgumentError);
});

test('a single-valued option given twice is refused', () => {
  assert.throws(() => parseArgs(spec, ['x', '--logical-date', 'a', '--logical-date', 'b']), {
    message: '--logical-date given twice ("a" and "b"); give it once',
  });
});

test('an extra positional is refused with its value', () => {
  assert.throws(() => parseArgs(spec, ['x', 'y']), { message: 'unexpected argument "y" for `factory run`; see `factory run --help`' });
});

test('--help is accepted anywhere and skips the argument checks', () => {
  assert.equal(parseArgs(spec, ['--help']).help, true);
  assert.equal(parseArgs(spec, ['-h']).help, true);
});

test('a required option that is missing is named', () => {
  const approve: ArgsSpec = {
    command: 'approve',
    positionals: ['<workflowId>'],
    options: { by: { type: 'string', required: true, value: '<name>', description: '' } },
  };
  assert.throws(() => parseArgs(approve, ['wf']), { message: '--by is required: --by <name>; see `factory approve --help`' });
});

test('after -- everything is a positional, even a value that looks like an option', () => {
  const preview: ArgsSpec = { command: 'schedules preview', positionals: ['<cron>'], options: {} };
  assert.deepEqual(parseArgs(preview, ['--', '--weird']).positionals, ['--weird']);
});
