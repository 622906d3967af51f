import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApprovalInput, AwaitingApproval, FactoryClient } from '../../../client';
import { runCli, view } from './cli-harness';

const RUN = 'weekly_retraining/spam/2002-W39';

/** A client whose run awaits `awaiting` (nothing by default) and that records the decisions sent. */
function recordingClient(awaiting?: AwaitingApproval): { client: Partial<FactoryClient>; calls: ApprovalInput[] } {
  const calls: ApprovalInput[] = [];
  const client: Partial<FactoryClient> = {
    getRun: async () => view('waiting_for_approval', { approve_promotion: 'running' }, awaiting ? { awaitingApproval: awaiting } : {}),
    approvePromotion: async (input) => {
      calls.push(input);
      return { decision: 'approve', by: input.by, timedOut: false };
    },
    rejectPromotion: async (input) => {
      calls.push(input);
      return { decision: 'reject', by: input.by, timedOut: false };
    },
  };
  return { client, calls };
}

const AWAITING_V7: AwaitingApproval = { taskId: 'approve_promotion', deadline: '2002-10-01T03:00:00.000Z', model: 'spam', version: 7 };

test('approve --version names the reviewed version in the decision it sends', async () => {
  const { client, calls } = recordingClient();
  const result = await runCli(['approve', RUN, '--by', 'alice', '--version', '7'], { client });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]!.version, 7);
  assert.equal(calls[0]!.by, 'alice');
});

test('approve without --version is refused when the run awaits a version, naming the one to review', async () => {
  const { client, calls } = recordingClient(AWAITING_V7);
  const result = await runCli(['approve', RUN, '--by', 'alice'], { client });
  assert.deepEqual(result, {
    code: 2,
    stdout: '',
    stderr:
      `error: --version is required: ${RUN} awaits approval of spam v7; review it (\`factory models show spam\`), ` +
      'then pass --version 7. Nothing was decided\n',
  });
  assert.equal(calls.length, 0);
});

test('approve without --version goes ahead when the approval names no version (another DAG), and reject never needs one', async () => {
  const { client, calls } = recordingClient();
  assert.equal((await runCli(['approve', RUN, '--by', 'alice'], { client })).code, 0);
  assert.equal(calls[0]!.version, undefined);
  const rejecting = recordingClient(AWAITING_V7);
  assert.equal((await runCli(['reject', RUN, '--by', 'alice', '--reason', 'worse recall'], { client: rejecting.client })).code, 0);
  assert.deepEqual(
    rejecting.calls.map((c) => [c.by, c.version, c.reason]),
    [['alice', undefined, 'worse recall']],
  );
});

test('approve refuses a --version that is not a version number before sending anything', async () => {
  for (const bad of ['0', '-1', '2.5', 'seven']) {
    const { client, calls } = recordingClient();
    const result = await runCli(['approve', RUN, '--by', 'alice', '--version', bad], { client });
    assert.deepEqual(result, { code: 2, stdout: '', stderr: `error: --version ${JSON.stringify(bad)} is invalid: expected a version number such as 3\n` });
    assert.equal(calls.length, 0);
  }
});
