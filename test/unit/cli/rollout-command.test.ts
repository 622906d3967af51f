import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { FactoryClient } from '../../../client';
import type { OperatorRequest, RolloutControl } from '../../../workflows/deploy/rollout-control';
import { runCli } from './cli-harness';

const ID = 'deploy_model/spam/v7';
const AT = '2026-12-01T10:00:00.000Z';

/**
 * A Temporal client that answers the rollout's Updates like its validators: it records each
 * Update's name, workflow id and argument, and refuses with `refuse` when given.
 */
function rolloutClient(refuse?: string): { client: Partial<FactoryClient>; calls: string[] } {
  const calls: string[] = [];
  let control: RolloutControl = { paused: null, resumed: null, promoteNow: null, abort: null };
  const field = { pauseRollout: 'paused', resumeRollout: 'resumed', promoteNow: 'promoteNow', abortRollout: 'abort' } as const;
  const fake = {
    workflow: {
      getHandle: (workflowId: string) => ({
        executeUpdate: async (update: { name: keyof typeof field }, options: { args: [OperatorRequest] }) => {
          calls.push(`${update.name} ${workflowId} ${JSON.stringify(options.args[0])}`);
          if (refuse) throw new WorkflowUpdateFailedError('Workflow Update failed', new Error(refuse));
          const { by, reason } = options.args[0];
          control = { ...control, [field[update.name]]: { by, reason: reason ?? `${update.name} by an operator`, at: AT } };
          return control;
        },
      }),
    },
  };
  // A stand-in for the two calls the command makes; the real client is exercised by test/integration/deploy/rollout-controls.test.ts.
  return { client: { temporal: fake as unknown as Client }, calls };
}

describe('factory rollout', () => {
  test("pause, resume, promote and abort send their Update to the version's rollout, with who and why", async () => {
    const { client, calls } = rolloutClient();
    assert.deepEqual(await runCli(['rollout', 'pause', 'spam', '7', '--by', 'alice', '--reason', 'checking dashboards'], { client }), {
      code: 0,
      stdout: `${ID}: paused by alice (checking dashboards)\n`,
      stderr: '',
    });
    assert.deepEqual(await runCli(['rollout', 'resume', 'spam', '7', '--by', ' bob '], { client }), {
      code: 0,
      stdout: `${ID}: resumed by bob (resumeRollout by an operator)\n`,
      stderr: '',
    });
    const promoted = await runCli(['rollout', 'promote', 'spam', '7', '--by', 'carol', '--json'], { client });
    assert.equal(promoted.code, 0, promoted.stderr);
    assert.deepEqual((JSON.parse(promoted.stdout) as { workflowId: string; promoteNow: { by: string } }).promoteNow.by, 'carol');
    assert.equal((await runCli(['rollout', 'abort', 'spam', '7', '--by', 'dan', '--reason', 'complaints'], { client })).code, 0);
    assert.deepEqual(calls, [
      `pauseRollout ${ID} {"by":"alice","reason":"checking dashboards"}`,
      `resumeRollout ${ID} {"by":" bob "}`,
      `promoteNow ${ID} {"by":"carol"}`,
      `abortRollout ${ID} {"by":"dan","reason":"complaints"}`,
    ]);
  });

  test("a refusal exits 1 with the rollout's reason on one line", async () => {
    const { client } = rolloutClient('the rollout is already paused (by alice at 2026-12-01T10:00:00.000Z)');
    assert.deepEqual(await runCli(['rollout', 'pause', 'spam', '7', '--by', 'bob'], { client }), {
      code: 1,
      stdout: '',
      stderr: `error: run "${ID}" refused pauseRollout: the rollout is already paused (by alice at 2026-12-01T10:00:00.000Z)\n`,
    });
  });

  test('bad arguments are refused before connecting, naming the argument and the value', async () => {
    const usage = async (argv: string[], stderr: string) => assert.deepEqual(await runCli(argv), { code: 2, stdout: '', stderr: `error: ${stderr}\n` });
    await usage(['rollout', 'pause', 'spam', 'seven', '--by', 'a'], '<version> "seven" is invalid: expected a version number such as 3');
    await usage(['rollout', 'pause', 'spam', '0', '--by', 'a'], '<version> "0" is invalid: expected a version number such as 3');
    await usage(['rollout', 'abort', 'spam', '7', '--by', '   '], '--by "   " is invalid: expected who asks, such as --by alice');
    const long = await runCli(['rollout', 'abort', 'spam', '7', '--by', 'a'.repeat(201)]);
    assert.equal(long.code, 2);
    assert.match(long.stderr, /^error: --by "a+\.\.\. is invalid: expected a name of at most 200 characters\n$/);
    const badModel = await runCli(['rollout', 'resume', 'Spam Model', '7', '--by', 'a']);
    assert.equal(badModel.code, 2);
    assert.match(badModel.stderr, /^error: <model> "Spam Model" is invalid: /);
    const noBy = await runCli(['rollout', 'promote', 'spam', '7']);
    assert.equal(noBy.code, 2);
    assert.match(noBy.stderr, /--by is required/);
    assert.equal((await runCli(['rollout', 'promote', 'spam', '--by', 'a'])).code, 2, 'the version is required');
  });

  test('--help says what each verb does, which workflow it reaches and its exit codes', async () => {
    const help = await runCli(['rollout', 'abort', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: factory rollout abort <model> <version> \[options\]/);
    assert.match(help.stdout, /workflow id deploy_model\/<model>\/v<version>/);
    assert.match(help.stdout, /--by <name>/);
    const all = await runCli(['--help']);
    for (const verb of ['pause', 'resume', 'promote', 'abort']) assert.match(all.stdout, new RegExp(`rollout ${verb}`));
  });
});
