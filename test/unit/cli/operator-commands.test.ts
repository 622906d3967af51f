import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunActionRefusedError, type FactoryClient } from '../../../client';
import type { TaskStatus } from '../../../common/dag';
import { runCli, view } from './cli-harness';

const RUN = 'weekly_retraining/spam/2002-W39';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A client that records the operator Updates sent and answers like the engine. */
function operatorClient(refuse?: string): { client: Partial<FactoryClient>; calls: string[] } {
  const calls: string[] = [];
  const answer = (taskId: string, state: TaskStatus['state'], tries: number): TaskStatus => ({ taskId, kind: 'activity', state, tries });
  const refusal = (action: string, workflowId: string, taskId?: string) =>
    new RunActionRefusedError(workflowId, action, refuse!, taskId === undefined ? {} : { taskId });
  const client: Partial<FactoryClient> = {
    retryTask: async (workflowId, taskId) => {
      calls.push(`retryTask ${workflowId} ${taskId}`);
      if (refuse) throw refusal('retryTask', workflowId, taskId);
      return answer(taskId, 'running', 2);
    },
    skipTask: async (workflowId, taskId) => {
      calls.push(`skipTask ${workflowId} ${taskId}`);
      if (refuse) throw refusal('skipTask', workflowId, taskId);
      return answer(taskId, 'skipped', 1);
    },
    failRun: async (workflowId) => {
      calls.push(`failRun ${workflowId}`);
      if (refuse) throw refusal('failRun', workflowId);
    },
  };
  return { client, calls };
}

describe('operator verbs', () => {
  test('retry, skip and fail-run send their Update and print what the run answered', async () => {
    const { client, calls } = operatorClient();
    assert.deepEqual(await runCli(['retry', RUN, 'train_model'], { client }), { code: 0, stdout: `${RUN}: train_model running (try 2)\n`, stderr: '' });
    assert.deepEqual(await runCli(['skip', RUN, 'train_model'], { client }), { code: 0, stdout: `${RUN}: train_model skipped\n`, stderr: '' });
    const failed = await runCli(['fail-run', RUN, '--json'], { client });
    assert.deepEqual([failed.code, JSON.parse(failed.stdout)], [0, { workflowId: RUN, failRun: 'accepted' }]);
    assert.deepEqual(calls, [`retryTask ${RUN} train_model`, `skipTask ${RUN} train_model`, `failRun ${RUN}`]);
    const json = await runCli(['retry', RUN, 'train_model', '--json'], { client });
    assert.deepEqual(JSON.parse(json.stdout), { taskId: 'train_model', kind: 'activity', state: 'running', tries: 2 });
  });

  test("a refusal exits 1 with the run's reason on one line", async () => {
    const { client } = operatorClient('task "train_model" is not waiting for a decision (state: success)');
    assert.deepEqual(await runCli(['retry', RUN, 'train_model'], { client }), {
      code: 1,
      stdout: '',
      stderr: `error: run "${RUN}" refused retryTask task "train_model": task "train_model" is not waiting for a decision (state: success)\n`,
    });
  });

  test('a bad task id or workflow id is refused before connecting, naming the argument and the value', async () => {
    assert.deepEqual(await runCli(['retry', RUN, 'train model']), {
      code: 2,
      stdout: '',
      stderr: 'error: <taskId> "train model" is invalid: expected a task id such as train_model (`factory status <workflowId>` lists them)\n',
    });
    assert.deepEqual(await runCli(['fail-run', ' ']), {
      code: 2,
      stdout: '',
      stderr: 'error: <workflowId> " " is invalid: expected a workflow id such as weekly_retraining/spam/2002-W39\n',
    });
    assert.equal((await runCli(['skip', RUN])).code, 2, 'the task id is required');
  });
});

describe('backfill', () => {
  test('--dry-run prints one run per week boundary in the range and connects to nothing', async () => {
    const result = await runCli([
      'backfill',
      'dag_smoke_test',
      '--from',
      '2002-09-02',
      '--to',
      '2002-09-09T00:00:00Z',
      '--param',
      'count=2',
      '--dry-run',
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { dryRun: boolean; runs: { workflowId: string; logicalDate: string; params: unknown }[] };
    assert.equal(out.dryRun, true);
    assert.deepEqual(
      out.runs.map((r) => [r.logicalDate, r.params]),
      [
        ['2002-09-02T00:00:00.000Z', { count: 2 }],
        ['2002-09-09T00:00:00.000Z', { count: 2 }],
      ],
    );
  });

  test('bad dates, ranges and params are refused before anything starts, naming the flag', async () => {
    const cases: [string[], string][] = [
      [
        ['--from', 'last tuesday', '--to', '2002-09-09'],
        'error: --from "last tuesday" is invalid: expected an ISO date or instant such as 2002-09-02 or 2002-09-02T00:00:00Z\n',
      ],
      [['--from', '2002-10-07', '--to', '2002-09-09'], 'error: --from 2002-10-07T00:00:00.000Z is after --to 2002-09-09T00:00:00.000Z: expected from <= to\n'],
      [['--from', '2002-09-03', '--to', '2002-09-04'], 'error: --from 2002-09-03 --to 2002-09-04 holds no week boundary (Monday 00:00 UTC): widen the range\n'],
      [['--from', '2002-09-02', '--to', '2002-09-09', '--max-active', '2'], 'error: --max-active limits runs in flight with --wait: give --wait too\n'],
      [
        ['--from', '2002-09-02', '--to', '2002-09-09', '--wait', '--max-active', 'all'],
        'error: --max-active "all" is invalid: expected an integer from 1 to 20\n',
      ],
    ];
    for (const [args, stderr] of cases) assert.deepEqual(await runCli(['backfill', 'dag_smoke_test', ...args]), { code: 2, stdout: '', stderr });
    const badParam = await runCli(['backfill', 'weekly_retraining', '--from', '2002-09-02', '--to', '2002-09-09', '--param', 'epochs=ten']);
    assert.equal(badParam.code, 2);
    assert.match(badParam.stderr, /^error: invalid input for weekly_retraining: params\.epochs: expected number, got "ten"/);
  });
});

describe('pictures from the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'factory-cli-pictures-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('dags graph --png writes a PNG of the requested width, and --svg the dagre-laid-out SVG', async () => {
    const png = join(dir, 'weekly.png');
    const svg = join(dir, 'weekly.svg');
    const result = await runCli(['dags', 'graph', 'weekly_retraining', '--png', png, '--width', '640', '--svg', svg]);
    assert.deepEqual(result, { code: 0, stdout: `wrote ${svg}\nwrote ${png}\n`, stderr: '' });
    const bytes = readFileSync(png);
    assert.deepEqual(bytes.subarray(0, 8), PNG_MAGIC);
    assert.equal(bytes.readUInt32BE(16), 640);
    assert.match(readFileSync(svg, 'utf8'), /<g data-task-id="train_model" data-state="none" data-kind="activity">/);
  });

  test('status --svg colours the run picture by the live task states, with tries and timings', async () => {
    const svg = join(dir, 'run.svg');
    const running = view('running', { extract_events: 'success', train_model: 'running' });
    const tasks = running.tasks.map((t) => (t.taskId === 'train_model' ? { ...t, tries: 2, startedAt: Date.now() - 90_000 } : t));
    const client: Partial<FactoryClient> = { getRun: async () => ({ ...running, tasks }) };
    const result = await runCli(['status', RUN, '--svg', svg], { client });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.endsWith(`wrote ${svg}\n`), result.stdout);
    const picture = readFileSync(svg, 'utf8');
    assert.match(picture, /data-task-id="extract_events" data-state="success"/);
    assert.match(picture, /data-task-id="train_model" data-state="running"/);
    assert.match(picture, />try 2 · 1\.5m</);
    assert.match(picture, /data-legend-state="paused_on_failure"/);
  });

  test('a picture option with a bad value is refused before connecting', async () => {
    const cases: [string[], string][] = [
      [['--png', join(dir, 'x.svg')], `error: --png ${JSON.stringify(join(dir, 'x.svg'))} is invalid: expected a file path ending in .png\n`],
      [['--png', '/no/such/folder/x.png'], 'error: --png "/no/such/folder/x.png" is invalid: expected a path in an existing folder\n'],
      [['--png', join(dir, 'y.png'), '--width', '12'], 'error: --width "12" is invalid: expected a width in pixels from 100 to 8000\n'],
      [['--width', '800'], 'error: --width "800" is invalid: expected --png <file.png> with it (the width is the PNG\'s)\n'],
    ];
    for (const [args, stderr] of cases) assert.deepEqual(await runCli(['status', RUN, ...args]), { code: 2, stdout: '', stderr });
  });

  test('models plots checks its version, folder and width before reading the registry', async () => {
    const file = join(dir, 'not-a-folder.txt');
    writeFileSync(file, 'x');
    const cases: [string[], string][] = [
      [['spam', 'seven', '--out', dir], 'error: <version> "seven" is invalid: expected a version number such as 3\n'],
      [['spam', '3', '--out', file], `error: --out ${JSON.stringify(file)} is invalid: expected a folder (a file has that name)\n`],
      [['spam', '3', '--out', dir, '--width', '9000'], 'error: --width "9000" is invalid: expected a width in pixels from 100 to 8000\n'],
    ];
    for (const [args, stderr] of cases) assert.deepEqual(await runCli(['models', 'plots', ...args]), { code: 2, stdout: '', stderr });
    const noDatabase = await runCli(['models', 'plots', 'spam', '3', '--out', dir]);
    assert.equal(noDatabase.code, 2);
    assert.match(noDatabase.stderr, /^error: the models commands read the registry in PostgreSQL: set DATABASE_URL=/);
  });
});
