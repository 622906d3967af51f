import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSplit, stageName, stageOf } from '../../../activities/deploy/rollout-stages';
import type { TrafficSplit } from '../../../lib/serving/traffic-store';

const STEPS = [5, 25, 100];
const split = (overrides: Partial<TrafficSplit>): TrafficSplit => ({
  model: 'spam',
  challenger: 7,
  mode: 'shadow',
  canaryPercent: 0,
  updatedBy: 'workflow:deploy_model/spam/v7',
  reason: 'shadow',
  updatedAt: '2026-12-01T00:00:00.000Z',
  ...overrides,
});

describe('rollout stages read from the traffic split', () => {
  test('shadow is stage 0 and each canary step the stage after it', () => {
    assert.equal(stageOf(split({}), 7, STEPS), 0);
    assert.equal(stageOf(split({ mode: 'canary', canaryPercent: 25 }), 7, STEPS), 2);
    assert.deepEqual(
      [0, 1, 2, 3].map((s) => stageName(s, STEPS)),
      ['shadow', 'canary 5%', 'canary 25%', 'canary 100%'],
    );
  });

  test("a split that is not this rollout's has no stage: another version, a percent not in the steps, off, none", () => {
    assert.equal(stageOf(split({ challenger: 8 }), 7, STEPS), undefined);
    assert.equal(stageOf(split({ mode: 'canary', canaryPercent: 50 }), 7, STEPS), undefined);
    assert.equal(stageOf(split({ mode: 'off' }), 7, STEPS), undefined);
    assert.equal(stageOf(null, 7, STEPS), undefined);
  });

  test('describes a split with who set it and why, for the reason of a rollback', () => {
    assert.equal(describeSplit(split({ mode: 'canary', canaryPercent: 50, updatedBy: 'bob', reason: 'by hand' })), 'canary 50% (v7, set by bob: by hand)');
    assert.equal(describeSplit(null), 'no split');
  });
});
