import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTriggerRule, type RuleVerdict, type TriggerRule, type UpstreamCounts } from '../../../common/dag';

// Three upstream tasks. Each row: rule, what the upstreams ended as ('.' = still running), verdict.
type Ended = 's' | 'f' | 'u' | 'k' | '.';
const rows: [TriggerRule, Ended[], RuleVerdict][] = [
  ['all_success', ['s', 's', 's'], 'run'],
  ['all_success', ['s', 's', '.'], 'wait'],
  ['all_success', ['f', '.', '.'], 'upstream_failed'],
  ['all_success', ['u', 's', 's'], 'upstream_failed'],
  ['all_success', ['k', 's', '.'], 'skipped'],
  ['all_failed', ['f', 'u', 'f'], 'run'],
  ['all_failed', ['f', 'f', '.'], 'wait'],
  ['all_failed', ['f', 's', '.'], 'skipped'],
  ['all_failed', ['f', 'k', 'f'], 'skipped'],
  ['all_done', ['s', 'f', 'k'], 'run'],
  ['all_done', ['s', 'f', '.'], 'wait'],
  ['all_done', ['u', 'u', 'u'], 'run'],
  ['all_skipped', ['k', 'k', 'k'], 'run'],
  ['all_skipped', ['k', 'k', '.'], 'wait'],
  ['all_skipped', ['k', 's', '.'], 'skipped'],
  ['all_skipped', ['k', 'f', 'k'], 'skipped'],
  ['one_success', ['s', '.', '.'], 'run'],
  ['one_success', ['f', '.', '.'], 'wait'],
  ['one_success', ['f', 'k', 'u'], 'upstream_failed'],
  ['one_success', ['k', 'k', 'k'], 'skipped'],
  ['one_failed', ['f', '.', '.'], 'run'],
  ['one_failed', ['u', '.', '.'], 'run'],
  ['one_failed', ['s', 's', '.'], 'wait'],
  ['one_failed', ['s', 'k', 's'], 'skipped'],
  ['one_done', ['s', '.', '.'], 'run'],
  ['one_done', ['f', '.', '.'], 'run'],
  ['one_done', ['k', '.', '.'], 'wait'],
  ['one_done', ['k', 'k', 'k'], 'skipped'],
  // Airflow's ONE_DONE counts only success + failed, so upstream_failed alone neither runs nor decides.
  ['one_done', ['u', '.', '.'], 'wait'],
  ['one_done', ['u', 'k', 'u'], 'skipped'],
  ['one_done', ['u', 'f', '.'], 'run'],
  ['none_failed', ['s', 'k', 's'], 'run'],
  ['none_failed', ['k', 'k', 'k'], 'run'],
  ['none_failed', ['s', '.', '.'], 'wait'],
  ['none_failed', ['u', '.', '.'], 'upstream_failed'],
  ['none_failed_min_one_success', ['s', 'k', 'k'], 'run'],
  ['none_failed_min_one_success', ['k', 'k', 'k'], 'skipped'],
  ['none_failed_min_one_success', ['k', 'f', '.'], 'upstream_failed'],
  ['none_failed_min_one_success', ['s', 'k', '.'], 'wait'],
  ['none_skipped', ['s', 'f', 'u'], 'run'],
  ['none_skipped', ['s', 'k', '.'], 'skipped'],
  ['none_skipped', ['s', 's', '.'], 'wait'],
  ['always', ['.', '.', '.'], 'run'],
  ['always', ['f', 'k', 'u'], 'run'],
];

function counts(ended: Ended[]): UpstreamCounts {
  const n = (e: Ended) => ended.filter((x) => x === e).length;
  return { total: ended.length, success: n('s'), failed: n('f'), upstreamFailed: n('u'), skipped: n('k') };
}

describe('trigger rules (Airflow semantics)', () => {
  for (const [rule, ended, verdict] of rows) {
    test(`${rule} with upstreams [${ended.join(' ')}] gives ${verdict}`, () => {
      assert.equal(evaluateTriggerRule(rule, counts(ended)), verdict);
    });
  }

  test('a task without upstream tasks runs at once whatever its rule', () => {
    assert.equal(evaluateTriggerRule('all_failed', counts([])), 'run');
  });
});
