import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fnv1a32, hashFeatures, tokenize } from '../../../lib/ml';

describe('fnv1a32', () => {
  test('matches the published FNV-1a 32-bit test vectors', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
  });

  test('hashes the UTF-8 bytes, so non-ASCII text agrees with other languages', () => {
    // Python: FNV-1a over 'é'.encode('utf-8') == b'\xc3\xa9'
    let h = 0x811c9dc5;
    for (const byte of [0xc3, 0xa9]) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    assert.equal(fnv1a32('é'), h);
  });
});

describe('tokenize', () => {
  test('lowercases and splits words, keeping spam-relevant symbols', () => {
    assert.deepEqual(tokenize('FREE Money!!! Click $'), ['free', 'money', '!', '!', '!', 'click', '$']);
  });

  test('folds compatibility characters with NFKC', () => {
    assert.deepEqual(tokenize('ＦＲＥＥ ﬁnance'), ['free', 'finance']);
  });

  test('replaces links, addresses and numbers with shape tokens', () => {
    assert.deepEqual(tokenize('see http://www.deals.example.com/x?y=1 or mail bob@example.org, call 555 1234567'), [
      'see',
      '<url>',
      '<host:example.com>',
      'or',
      'mail',
      '<email>',
      'call',
      '<num3>',
      '<num7+>',
    ]);
  });

  test('keeps letter-digit mixes such as v1agra whole', () => {
    assert.deepEqual(tokenize('Buy V1AGRA 2day'), ['buy', 'v1agra', '2day']);
  });

  test('collapses base64-like runs into one token', () => {
    assert.deepEqual(tokenize('aGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8'), ['<long>']);
  });

  test('stops after maxTokens tokens', () => {
    assert.deepEqual(tokenize('one two three four', 2), ['one', 'two']);
  });
});

describe('hashFeatures', () => {
  const options = { buckets: 1024, maxTokens: 100, wordNgrams: 1 };

  test('is deterministic and stays inside the bucket range', () => {
    const a = hashFeatures('Win a free prize now', options);
    assert.deepEqual(a, hashFeatures('Win a free prize now', options));
    assert.equal(a.length, 5);
    assert.ok(a.every((id) => id >= 0 && id < 1024));
  });

  test('adds one id per bigram when wordNgrams is 2', () => {
    assert.equal(hashFeatures('a b c', { ...options, wordNgrams: 2 }).length, 3 + 2);
  });

  test('gives an empty text one reserved id, so every text has a feature', () => {
    const empty = hashFeatures('', options);
    assert.equal(empty.length, 1);
    assert.deepEqual(hashFeatures('  ...  ', options), empty);
  });
});
