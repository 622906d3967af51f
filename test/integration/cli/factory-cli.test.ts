import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunView, StartedRun } from '../../../client';
import { LENIENT_GATE, LOGICAL_DATE, startPipelineStack, type PipelineStack } from '../client/pipeline-stack';
import { weeklyRetrainingDag } from '../../../workflows/retraining';
import { factory, factoryUntil } from './factory-process';

describe('the factory CLI against a running stack', () => {
  let stack: PipelineStack;
  let env: Record<string, string>;
  const runArgs = [
    'run',
    'weekly_retraining',
    '--param',
    'modelName=cli',
    '--param',
    'epochs=3',
    '--param',
    `gate=${JSON.stringify(LENIENT_GATE)}`,
    '--logical-date',
    LOGICAL_DATE,
  ];
  const workflowId = 'weekly_retraining/cli/2002-W39';

  before(async () => {
    stack = await startPipelineStack();
    env = { TEMPORAL_ADDRESS: stack.address, TEMPORAL_NAMESPACE: 'default', DATABASE_URL: stack.pg.url };
  });

  after(async () => {
    await stack?.stop();
  });

  test('run starts once per week, follows the run to its end, and status reads it back', async () => {
    const detached = await factory([...runArgs, '--detach', '--json'], env);
    assert.equal(detached.code, 0, detached.stderr);
    const started = JSON.parse(detached.stdout) as StartedRun;
    assert.deepEqual(started, { workflowId, runId: started.runId, alreadyRunning: false, executionStatus: 'RUNNING' });

    // A second run for the same week attaches to the first and follows it; piped, one line per change.
    const followed = await factory(runArgs, env);
    assert.equal(followed.code, 0, followed.stdout + followed.stderr);
    const lines = followed.stdout.trim().split('\n');
    assert.equal(lines[0], `${workflowId} already has a run (RUNNING); following it · run ${started.runId}`);
    assert.ok(
      lines.some((l) => /^\+\d+\.\ds train_model success$/.test(l)),
      followed.stdout,
    );
    assert.match(lines.at(-1)!, /^\+\d+\.\ds run success · \d+\/\d+ done$/);

    const json = await factory([...runArgs, '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const final = JSON.parse(json.stdout) as RunView;
    assert.equal(final.workflowId, workflowId);
    assert.equal(final.runId, started.runId, 'the completed week was not run again');
    assert.equal(final.status, 'success');
    assert.equal(final.tasks.find((t) => t.taskId === 'promote_auto')?.state, 'success');

    const status = await factory(['status', workflowId], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^weekly_retraining\/cli\/2002-W39 · success · /);
    assert.match(status.stdout, /✓ promote_auto +\[##########\] success/);

    const models = await factory(['models', 'list', '--json'], env);
    assert.equal(models.code, 0, models.stderr);
    assert.equal((JSON.parse(models.stdout) as { name: string; champion: number }[]).find((m) => m.name === 'cli')?.champion, 1);
  });

  test('approve needs the reviewed version: none names it, a wrong one is refused by the run, the right one promotes; the plots export as PNG', async () => {
    const approvalId = 'weekly_retraining/cliapproval/2002-W39';
    const out = mkdtempSync(join(tmpdir(), 'factory-cli-plots-'));
    try {
      const started = await factory(
        [
          'run',
          'weekly_retraining',
          '--param',
          'modelName=cliapproval',
          '--param',
          'epochs=3',
          '--param',
          'approval=manual',
          '--param',
          `gate=${JSON.stringify(LENIENT_GATE)}`,
          '--logical-date',
          LOGICAL_DATE,
          '--detach',
        ],
        env,
      );
      assert.deepEqual(started, { code: 0, stdout: `${approvalId}\n`, stderr: '' });
      const waiting = await factoryUntil(
        ['status', approvalId, '--json'],
        env,
        (r) => (JSON.parse(r.stdout || '{}') as RunView).status === 'waiting_for_approval',
      );
      const view = JSON.parse(waiting.stdout) as RunView;
      assert.equal(view.status, 'waiting_for_approval', waiting.stdout);
      assert.deepEqual([view.awaitingApproval?.model, view.awaitingApproval?.version], ['cliapproval', 1]);

      // The live picture of the waiting run, coloured by its task states.
      const png = join(out, 'run.png');
      const picture = await factory(['status', approvalId, '--png', png, '--width', '1200'], env);
      assert.equal(picture.code, 0, picture.stderr);
      assert.ok(picture.stdout.endsWith(`wrote ${png}\n`), picture.stdout);
      assert.equal(readFileSync(png).readUInt32BE(16), 1200);

      const blind = await factory(['approve', approvalId, '--by', 'alice'], env);
      assert.equal(blind.code, 2, blind.stderr);
      assert.match(blind.stderr, /^error: --version is required: .* awaits approval of cliapproval v1; .*pass --version 1\. Nothing was decided\n$/);
      const wrong = await factory(['approve', approvalId, '--by', 'alice', '--version', '2'], env);
      assert.equal(wrong.code, 1, wrong.stderr);
      assert.match(wrong.stderr, /version 2 of model cliapproval is not awaiting approval \(awaiting: 1\)/);
      const approved = await factory(['approve', approvalId, '--by', 'alice', '--reason', 'reviewed the plots', '--version', '1', '--json'], env);
      assert.equal(approved.code, 0, approved.stderr);
      assert.deepEqual(JSON.parse(approved.stdout), { decision: 'approve', by: 'alice', reason: 'reviewed the plots', timedOut: false });

      const done = await factoryUntil(['status', approvalId, '--json'], env, (r) => (JSON.parse(r.stdout || '{}') as RunView).closed === true);
      assert.equal((JSON.parse(done.stdout) as RunView).outcome, 'promoted', done.stdout);

      const plots = await factory(['models', 'plots', 'cliapproval', '1', '--out', out, '--width', '600', '--json'], {
        ...env,
        ARTIFACT_STORE: stack.store.location,
      });
      assert.equal(plots.code, 0, plots.stderr);
      const written = (JSON.parse(plots.stdout) as { plots: { plot: string; png: string }[] }).plots;
      const names = written.map((w) => w.plot);
      for (const expected of ['rocCurve', 'prCurve', 'confusionCandidate']) assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
      for (const w of written) {
        const bytes = readFileSync(w.png);
        assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG', w.png);
        assert.equal(bytes.readUInt32BE(16), 600, w.png);
      }
      assert.ok(readdirSync(out).includes('roc-curve.png'), readdirSync(out).join(', '));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('offline commands, usage errors, unknown ids and an unreachable server give the documented exit codes', async () => {
    const [dags, preview, badParam, unknownRun, unknownApproval, unreachable] = await Promise.all([
      factory(['dags', 'list'], env),
      factory(['schedules', 'preview', '0 3 * * 1', '--tz', 'Europe/Berlin'], env),
      factory(['run', 'weekly_retraining', '--param', 'epochs=ten'], env),
      factory(['status', 'weekly_retraining/nobody/2002-W39'], env),
      factory(['approve', 'weekly_retraining/nobody/2002-W39', '--by', 'ops'], env),
      factory(['status', workflowId], { ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' }),
    ]);
    assert.equal(dags.code, 0, dags.stderr);
    assert.match(dags.stdout, new RegExp(`^weekly_retraining +${weeklyRetrainingDag.tasks.length} +Weekly retraining`, 'm'));

    assert.equal(preview.code, 0, preview.stderr);
    const rows = preview.stdout.trim().split('\n');
    assert.equal(rows.length, 6, preview.stdout);
    for (const row of rows.slice(1)) assert.match(row, /^\S+T0[12]:00:00\.000Z +Mon, .*03:00 CES?T$/);

    assert.equal(badParam.code, 2);
    assert.equal(badParam.stdout, '');
    assert.equal(badParam.stderr.trim().split('\n').length, 1, badParam.stderr);
    assert.match(badParam.stderr, /^error: invalid input for weekly_retraining: params\.epochs: expected number, got "ten"/);

    assert.equal(unknownRun.code, 3, unknownRun.stderr);
    assert.match(unknownRun.stderr, /^error: no run with workflow id "weekly_retraining\/nobody\/2002-W39"/);
    assert.equal(unknownApproval.code, 3, unknownApproval.stderr);

    assert.equal(unreachable.code, 1);
    assert.equal(unreachable.stderr.trim().split('\n').length, 1, unreachable.stderr);
    assert.match(unreachable.stderr, /^error: Temporal at 127\.0\.0\.1:1 did not answer within 5s .*`npm start`, or set TEMPORAL_ADDRESS/);
  });

  test('schedules apply is idempotent; pause, list and delete act on the schedule; a deleted one is not found', async () => {
    const first = await factory(['schedules', 'apply', '--paused', '--note', 'cli test', '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout), { 'weekly-retraining-spam': 'created', 'drift-monitor-spam': 'created' });
    const again = await factory(['schedules', 'apply', '--paused', '--note', 'cli test', '--json'], env);
    assert.deepEqual(JSON.parse(again.stdout), { 'weekly-retraining-spam': 'unchanged', 'drift-monitor-spam': 'unchanged' });

    const unpaused = await factory(['schedules', 'unpause', 'weekly-retraining-spam', '--note', 'live'], env);
    assert.deepEqual(unpaused, { code: 0, stdout: 'weekly-retraining-spam unpaused\n', stderr: '' });
    const paused = await factory(['schedules', 'pause', 'weekly-retraining-spam', '--note', 'maintenance'], env);
    assert.equal(paused.code, 0, paused.stderr);
    const listed = await factory(['schedules', 'list', '--json'], env);
    const schedule = (JSON.parse(listed.stdout) as { id: string; paused: boolean; note: string; workflowType: string }[]).find(
      (s) => s.id === 'weekly-retraining-spam',
    );
    assert.deepEqual(
      { ...schedule, nextFireTimes: undefined },
      { id: 'weekly-retraining-spam', workflowType: 'weekly_retraining', paused: true, note: 'maintenance', nextFireTimes: undefined },
    );

    assert.equal((await factory(['schedules', 'delete', 'weekly-retraining-spam'], env)).code, 0);
    const gone = await factory(['schedules', 'pause', 'weekly-retraining-spam'], env);
    assert.equal(gone.code, 3, gone.stderr);
    assert.match(gone.stderr, /`factory schedules list` shows the ids/);
  });
});
