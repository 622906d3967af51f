import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { DEFAULT_GATE_THRESHOLDS, evaluateGate } from '../../../common/gate';
import { binaryMetrics, Prng, type Sample, selectBackend, syntheticMails, train } from '../../../lib/ml';

// End to end on the real code path: train -> predict on a holdout -> metrics -> gate. A model
// trained on shuffled labels has learned nothing, and the gate must be the thing that says so.
const trainSet = syntheticMails({ count: 600, seed: 41 });
const holdout = syntheticMails({ count: 300, seed: 42 });
const config = { epochs: 4, batchSize: 16, embeddingDim: 8, buckets: 4096, seed: 1 };

async function trainAndEvaluate(samples: readonly Sample[]) {
  const { classifier } = await train({ samples, config, onEpochEnd: async () => {} });
  const scores = classifier.predictProba(holdout.map((s) => s.text));
  classifier.dispose();
  return binaryMetrics(
    holdout.map((s) => s.label),
    scores,
  );
}

describe('evaluation gate on trained models', () => {
  before(async () => {
    await selectBackend({ preferred: 'cpu' });
  });

  test('passes a properly trained model and rejects one trained on shuffled labels', async () => {
    const order = Prng.fromSeed(99).permutation(trainSet.length);
    const shuffled = trainSet.map((s, i) => ({ text: s.text, label: (trainSet[order[i] as number] as Sample).label }));

    const proper = await trainAndEvaluate(trainSet);
    const noise = await trainAndEvaluate(shuffled);

    const first = evaluateGate(proper, undefined, DEFAULT_GATE_THRESHOLDS);
    assert.equal(first.passed, true, first.reasons.join('; '));

    const candidate = evaluateGate(noise, proper, DEFAULT_GATE_THRESHOLDS);
    assert.equal(candidate.passed, false);
    assert.ok(noise.rocAuc < 0.7, `shuffled-label ROC-AUC ${noise.rocAuc}`);
    assert.ok(
      candidate.reasons.some((r) => /^f1 0\.\d{3} is below the minimum 0\.950$/.test(r)),
      candidate.reasons.join('; '),
    );
    assert.ok(candidate.reasons.some((r) => r.startsWith('rocAuc') && r.includes("below the champion's")));
  });
});
