import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Prng } from '../../../lib/ml';

describe('Prng', () => {
  test('gives the same stream for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => {
      const rng = Prng.fromSeed(seed);
      return Array.from({ length: 5 }, () => rng.nextUint32());
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
  });

  test('continues exactly where it left off when restored from its state', () => {
    const rng = Prng.fromSeed(3);
    rng.permutation(50);
    const restored = Prng.fromState(rng.state());
    assert.deepEqual(restored.permutation(20), rng.permutation(20));
  });

  test('permutation contains every index exactly once', () => {
    const p = Array.from(Prng.fromSeed(1).permutation(100));
    assert.deepEqual(
      [...p].sort((a, b) => a - b),
      Array.from({ length: 100 }, (_, i) => i),
    );
    assert.notDeepEqual(
      p,
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  test('rejects a state that is not four uint32 words', () => {
    assert.throws(() => Prng.fromState([1, 2, 3, -1]), /four uint32 words/);
  });
});
