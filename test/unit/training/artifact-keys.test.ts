import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkpointEpochOf, checkpointKey, evaluationArtifactKey, InvalidRunKeyError, trainingArtifactKey } from '../../../lib/training';

describe('artifact keys', () => {
  test('names checkpoints by run key and zero-padded epoch', () => {
    assert.equal(checkpointKey('weekly_retraining/2026-03-02/train_model', 3), 'checkpoints/weekly_retraining/2026-03-02/train_model/epoch-0003.json.gz');
  });

  test('reads the epoch back from a checkpoint key, and nothing from other keys', () => {
    for (const epoch of [1, 12, 999, 1000]) assert.equal(checkpointEpochOf(checkpointKey('run-1', epoch)), epoch);
    assert.equal(checkpointEpochOf('models/run-1/model.json'), undefined);
    assert.equal(checkpointEpochOf('checkpoints/run-1/epoch-3.json.gz'), undefined);
  });

  test('sorts checkpoint keys of up to 9999 epochs in epoch order', () => {
    const keys = [2, 10, 1, 100, 9999].map((e) => checkpointKey('r', e));
    assert.deepEqual([...keys].sort().map(checkpointEpochOf), [1, 2, 10, 100, 9999]);
  });

  test('refuses epoch 0 and fractional epochs', () => {
    assert.throws(() => checkpointKey('r', 0), /positive integer \(got 0\)/);
    assert.throws(() => checkpointKey('r', 1.5), /positive integer \(got 1.5\)/);
  });

  test('puts model, baseline, loss curve and evaluation files under the run key', () => {
    assert.equal(trainingArtifactKey('run-1', 'model.json'), 'models/run-1/model.json');
    assert.equal(trainingArtifactKey('run-1', 'baseline.json'), 'models/run-1/baseline.json');
    assert.equal(evaluationArtifactKey('run-1', 'roc-curve.svg'), 'evaluations/run-1/roc-curve.svg');
  });

  test('accepts run keys built from workflow ids typed in the Web UI', () => {
    assert.equal(
      checkpointKey('weekly_retraining/spam/manual run: 2026-03-02T10:00', 1),
      'checkpoints/weekly_retraining/spam/manual run: 2026-03-02T10:00/epoch-0001.json.gz',
    );
  });

  test('refuses run keys that could escape their folder or hold control characters, quoting them', () => {
    for (const runKey of ['', '../x', 'a//b', '/abs', 'a/./b', 'a/..', 'a\\b', 'a\nb', ' a', 'x'.repeat(401)]) {
      assert.throws(
        () => checkpointKey(runKey, 1),
        (e: unknown) => e instanceof InvalidRunKeyError && e.message.startsWith(`runKey ${JSON.stringify(runKey)} is invalid`),
        runKey,
      );
    }
  });
});
