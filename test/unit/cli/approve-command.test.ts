import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApprovalInput, FactoryClient } from '../../../client';
import { runCli } from './cli-harness';

const RUN = 'weekly_retraining/spam/2002-W39';

function recordingClient(): { client: Partial<FactoryClient>; calls: ApprovalInput[] } {
  const calls: ApprovalInput[] = [];
  const client: Partial<FactoryClient> = {
    approvePromotion: async (input) => {
      calls.push(input);
      return { decision: 'approve', by: input.by, timedOut: false };
    },
  };
  return { client, calls };
}

test('approve --version names the reviewed version in the decision it sends', async () => {
  const { client, calls } = recordingClient();
  const result = await runCli(['approve', RUN, '--by', 'alice', '--version', '7'], { client });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.version, 7);
  assert.equal(calls[0]!.by, 'alice');
});

test('approve without --version sends no version', async () => {
  const { client, calls } = recordingClient();
  assert.equal((await runCli(['approve', RUN, '--by', 'alice'], { client })).code, 0);
  assert.equal(calls[0]!.version, undefined);
});

test('approve refuses a --version that is not a version number before sending anything', async () => {
  for (const bad of ['0', '-1', '2.5', 'seven']) {
    const { client, calls } = recordingClient();
    const result = await runCli(['approve', RUN, '--by', 'alice', '--version', bad], { client });
    assert.deepEqual(result, { code: 2, stdout: '', stderr: `error: --version ${JSON.stringify(bad)} is invalid: expected a version number such as 3\n` });
    assert.equal(calls.length, 0);
  }
});
