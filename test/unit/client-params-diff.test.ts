import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffParams } from '../../client/params-diff';

test('lists every differing leaf with its path, both values, and nothing for equal params', () => {
  const existing = { modelName: 'spam', epochs: 5, gate: { minimum: { f1: 0.6, rocAuc: 0.7 } }, tags: ['a'] };
  assert.deepEqual(diffParams(structuredClone(existing), existing), []);
  assert.deepEqual(diffParams({ ...existing, epochs: 3, gate: { minimum: { f1: 0.5, rocAuc: 0.7 } }, tags: ['a', 'b'], extra: true }, existing), [
    { path: 'params.epochs', requested: 3, existing: 5 },
    { path: 'params.extra', requested: true, existing: undefined },
    { path: 'params.gate.minimum.f1', requested: 0.5, existing: 0.6 },
    { path: 'params.tags', requested: ['a', 'b'], existing: ['a'] },
  ]);
});
