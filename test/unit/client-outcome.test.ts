import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DagRunState } from '../../common/dag';
import { DAGS } from '../../client/dag-catalog';
import { awaitingApprovalOf, outcomeOf } from '../../client/run-outcome';
import { WEEKLY_RUN_IDENTITY as identity, weeklyRunResult as result } from '../support/run-result';

const registered = {
  register_model: { state: 'success', output: { model: 'spam', version: 6, status: 'candidate', registrationKey: 'k', created: true } },
} as const;

test('a gate-failed and a rejected retraining both complete, with different outcomes', () => {
  const gateFailed = outcomeOf(
    'COMPLETED',
    result({
      ...registered,
      gate_model: { state: 'success', output: { passed: false, reasons: ['f1 0.41 < 0.6'] } },
      check_gate: { state: 'success', output: false },
      approve_promotion: { state: 'skipped' },
      promote_approved: { state: 'skipped' },
    }),
  );
  assert.deepEqual(gateFailed, { outcome: 'gate_failed', outcomeReason: 'gate failed: f1 0.41 < 0.6', registered: { model: 'spam', version: 6 } });

  const rejected = outcomeOf(
    'COMPLETED',
    result({
      ...registered,
      check_gate: { state: 'success', output: true },
      approve_promotion: { state: 'success', output: { decision: 'reject', by: 'timeout', timedOut: true } },
      promote_approved: { state: 'skipped' },
    }),
  );
  assert.deepEqual(rejected, { outcome: 'rejected', outcomeReason: 'approval rejected by timeout (timed out)', registered: { model: 'spam', version: 6 } });
});

test('a promoted retraining names the new champion; a dataset that failed validation is dataset_invalid', () => {
  const promoted = outcomeOf(
    'COMPLETED',
    result({
      ...registered,
      check_gate: { state: 'success', output: true },
      approve_promotion: { state: 'success', output: { decision: 'approve', by: 'ops', timedOut: false } },
      promote_approved: { state: 'success' },
    }),
  );
  assert.deepEqual(promoted, { outcome: 'promoted', outcomeReason: 'spam v6 is champion', registered: { model: 'spam', version: 6 } });
  const invalid = outcomeOf(
    'COMPLETED',
    result({
      validate_dataset: { state: 'success', output: { passed: false, failures: ['drift 0.4 > 0.2'] } },
      check_dataset: { state: 'success', output: false },
      train_model: { state: 'skipped' },
    }),
  );
  assert.deepEqual(invalid, { outcome: 'dataset_invalid', outcomeReason: 'dataset validation failed: drift 0.4 > 0.2' });
});

test('closed runs that are not successes take their outcome from Temporal status', () => {
  assert.equal(outcomeOf('FAILED', result({ train_model: { state: 'failed' } }, 'failed'), 'DAG run failed: failed tasks: train_model').outcome, 'failed');
  assert.deepEqual(outcomeOf('FAILED', undefined, 'DAG run failed: stopped by an operator'), {
    outcome: 'failed',
    outcomeReason: 'DAG run failed: stopped by an operator',
  });
  assert.equal(outcomeOf('CANCELLED', undefined).outcome, 'cancelled');
  assert.equal(outcomeOf('TERMINATED', undefined, 'Terminated').outcome, 'terminated');
  assert.equal(outcomeOf('TIMED_OUT', undefined).outcome, 'timed_out');
  const forwarded = { ...result({}, 'forwarded'), owner: { workflowId: 'weekly_retraining/spam/2002-W39' }, reason: 'started weekly_retraining/spam/2002-W39' };
  assert.deepEqual(outcomeOf('COMPLETED', forwarded), { outcome: 'forwarded', outcomeReason: 'started weekly_retraining/spam/2002-W39' });
  assert.deepEqual(outcomeOf('COMPLETED', { ...result({ sum_items: { state: 'success', output: 6 } }), dagId: 'dag_smoke_test' }), {
    outcome: 'succeeded',
    outcomeReason: 'the run succeeded',
  });
});

test('a waiting approval shows its prompt, deadline and the version registered upstream', () => {
  const state: DagRunState = {
    ...identity,
    status: 'running',
    progress: '12/16 done · running: approve_promotion',
    segment: 0,
    counts: {},
    tasks: [
      { taskId: 'register_model', kind: 'activity', state: 'success', tries: 1, output: { model: 'spam', version: 6 } },
      {
        taskId: 'approve_promotion',
        kind: 'approval',
        state: 'running',
        tries: 1,
        awaiting: { prompt: 'Promote spam v6 to champion?', deadline: Date.parse('2002-10-02T03:00:00Z') },
      },
    ],
  };
  assert.deepEqual(awaitingApprovalOf(state, DAGS.weekly_retraining), {
    taskId: 'approve_promotion',
    prompt: 'Promote spam v6 to champion?',
    deadline: '2002-10-02T03:00:00.000Z',
    model: 'spam',
    version: 6,
  });
  const decided = {
    ...state,
    tasks: state.tasks.map((t) => (t.taskId === 'approve_promotion' ? { ...t, state: 'success' as const, awaiting: undefined } : t)),
  };
  assert.equal(awaitingApprovalOf(decided, DAGS.weekly_retraining), undefined);
});

test('a progressive retraining is handed over, and a rollout ends promoted or rolled back with its reasons', () => {
  const handedOver = outcomeOf(
    'COMPLETED',
    result({ ...registered, mark_challenger: { state: 'success', output: { deployment: { workflowId: 'deploy_model/spam/v6', outcome: 'started' } } } }),
  );
  assert.deepEqual([handedOver.outcome, handedOver.outcomeReason], ['handed_over', 'rollout handed to deploy_model/spam/v6']);
  const rolledBack = outcomeOf(
    'COMPLETED',
    result({
      finish_rollout: { state: 'success', output: { outcome: 'rolled_back', decision: 'rolled_back', reasons: ['shadow: agreement 0.04 < 0.9'], undone: [] } },
    }),
  );
  assert.deepEqual([rolledBack.outcome, rolledBack.outcomeReason], ['rolled_back', 'rolled back (rolled_back): shadow: agreement 0.04 < 0.9']);
  const promoted = outcomeOf(
    'COMPLETED',
    result({ finish_rollout: { state: 'success', output: { outcome: 'promoted', decision: 'passed', reasons: [], undone: [] } } }),
  );
  assert.equal(promoted.outcome, 'promoted');
});
