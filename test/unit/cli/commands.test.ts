import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAGS, RunNotFoundError, type FactoryClient, type RunView } from '../../../client';
import { EXIT_CODES, exitCodeOf } from '../../../cli/commands';
import { InvalidArgumentError } from '../../../cli/main-wrapper';
import { runCli, view } from './cli-harness';

test('exit codes are 0 ok, 1 failed, 2 usage, 3 not found', () => {
  assert.deepEqual(EXIT_CODES, { ok: 0, failed: 1, usage: 2, notFound: 3 });
  assert.equal(exitCodeOf(new InvalidArgumentError('x')), 2);
  assert.equal(exitCodeOf(new RunNotFoundError('wf', 'default')), 3);
  assert.equal(exitCodeOf(new Error('boom')), 1);
});

test('every command answers --help with its usage and the exit codes, without connecting', async () => {
  const { COMMANDS } = await import('../../../cli/commands');
  for (const command of COMMANDS) {
    const result = await runCli([...command.command.split(' '), '--help']);
    assert.equal(result.code, 0, command.command);
    assert.ok(result.stdout.startsWith(`usage: factory ${command.command}`), result.stdout);
    assert.match(result.stdout, /exit codes: 0 ok · 1 run failed or operation failed · 2 usage error · 3 not found/);
  }
  assert.match((await runCli(['--help'])).stdout, /factory schedules preview <cron>/);
  assert.match((await runCli(['models', '--help'])).stdout, /^usage: factory models <command>/);
});

test('an unknown command or subcommand exits 2 with one line saying where the list is', async () => {
  assert.deepEqual(await runCli(['deploy']), { code: 2, stdout: '', stderr: 'error: unknown command "deploy"; `factory --help` lists the commands\n' });
  assert.deepEqual(await runCli(['dags', 'draw']), {
    code: 2,
    stdout: '',
    stderr: 'error: unknown command "dags draw"; `factory dags --help` lists the commands\n',
  });
  assert.equal((await runCli([])).code, 2);
});

test('a bad param exits 2 with one line naming it, and nothing connects', async () => {
  const result = await runCli(['run', 'weekly_retraining', '--param', 'epochs=ten']);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr.split('\n').length, 2, 'one line');
  assert.match(result.stderr, /^error: invalid input for weekly_retraining: params\.epochs: expected number, got "ten"\./);
});

test('an unknown DAG exits 3', async () => {
  const result = await runCli(['dags', 'show', 'nope']);
  assert.equal(result.code, 3);
  assert.equal(result.stderr, `error: unknown DAG "nope": known DAGs are ${Object.keys(DAGS).join(', ')}\n`);
});

test('status exits 3 when no run has the id, 1 for a failed run, 0 for a running one', async () => {
  const views: Record<string, RunView> = {
    running: view('running', { a: 'running' }),
    failed: view('failed', { a: 'failed' }, { failure: 'DAG run failed: failed tasks: a' }),
  };
  const client: Partial<FactoryClient> = {
    getRun: async (id) => {
      const found = views[id];
      if (!found) throw new RunNotFoundError(id, 'default');
      return found;
    },
  };
  const missing = await runCli(['status', 'nope'], { client });
  assert.equal(missing.code, 3);
  assert.match(missing.stderr, /^error: no run with workflow id "nope" in namespace "default": check the id/);
  assert.equal((await runCli(['status', 'failed'], { client })).code, 1);
  const running = await runCli(['status', 'running', '--json'], { client });
  assert.equal(running.code, 0);
  assert.equal((JSON.parse(running.stdout) as RunView).status, 'running');
});

test('run follows the run until it ends, one line per change when piped, and exits 1 when it failed', async () => {
  const sequence = [
    view('running', { a: 'running', b: 'none' }),
    view('running', { a: 'success', b: 'running' }),
    view('failed', { a: 'success', b: 'failed' }),
  ];
  let calls = 0;
  const client: Partial<FactoryClient> = {
    startRun: async () => ({ workflowId: 'dag_smoke_test/x', runId: 'r1', alreadyRunning: false, executionStatus: 'RUNNING' }),
    getRun: async () => sequence[Math.min(calls++, sequence.length - 1)]!,
  };
  const result = await runCli(['run', 'dag_smoke_test', '--param', 'count=2'], { client });
  assert.equal(result.code, 1);
  const lines = result.stdout
    .trim()
    .split('\n')
    .map((l) => l.replace(/^\+\d+\.\ds /, ''));
  assert.deepEqual(lines, ['dag_smoke_test/x started · run r1', 'a running', 'a success', 'b running', 'b failed', 'run failed · 1/2 done']);
});

test('run --detach prints the workflow id and returns at once', async () => {
  const client: Partial<FactoryClient> = {
    startRun: async () => ({ workflowId: 'dag_smoke_test/x', runId: 'r1', alreadyRunning: true, executionStatus: 'COMPLETED' }),
    getRun: async () => assert.fail('must not follow'),
  };
  assert.deepEqual(await runCli(['run', 'dag_smoke_test', '--detach'], { client }), { code: 0, stdout: 'dag_smoke_test/x\n', stderr: '' });
  const json = await runCli(['run', 'dag_smoke_test', '--detach', '--json'], { client });
  assert.deepEqual(JSON.parse(json.stdout), { workflowId: 'dag_smoke_test/x', runId: 'r1', alreadyRunning: true, executionStatus: 'COMPLETED' });
});

test('models commands without DATABASE_URL exit 2 and say what to set', async () => {
  const result = await runCli(['models', 'list']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: the models commands read the registry in PostgreSQL: set DATABASE_URL=postgres:\/\//);
});

test('approve needs --by and says so', async () => {
  const result = await runCli(['approve', 'weekly_retraining/spam/2002-W39']);
  assert.deepEqual(result, { code: 2, stdout: '', stderr: 'error: --by is required: --by <name>; see `factory approve --help`\n' });
});

test('schedules preview prints the next fire times in UTC and in the zone', async () => {
  const result = await runCli(['schedules', 'preview', '0 3 * * 1', '--tz', 'Europe/Berlin', '--json']);
  assert.equal(result.code, 0);
  const out = JSON.parse(result.stdout) as { next: string[] };
  assert.equal(out.next.length, 5);
  for (const t of out.next) assert.match(t, /T02:00:00\.000Z$|T01:00:00\.000Z$/);
  assert.equal((await runCli(['schedules', 'preview', '0 3 * * 8'])).code, 2);
});

test('dags graph prints Mermaid without connecting', async () => {
  const result = await runCli(['dags', 'graph', 'dag_smoke_test']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^flowchart LR/);
});
