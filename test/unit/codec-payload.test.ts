import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA_KEY,
  PayloadDecryptionError,
  UnknownPayloadKeyError,
  type PayloadKeyring,
} from '../../lib/codec';

const keyring = (current: string, ...ids: string[]): PayloadKeyring => ({ currentKeyId: current, keys: new Map(ids.map((id) => [id, randomBytes(32)])) });
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
const params = { modelName: 'spam-secret-model', approver: 'Ada Lovelace', reason: 'holdout AUC is fine' };

test('a payload round-trips through encode and decode, and the encoded form shows none of its text', async () => {
  const codec = new AesGcmPayloadCodec(keyring('k1', 'k1'));
  const plain = defaultPayloadConverter.toPayload(params);
  const [encoded] = await codec.encode([plain]);
  assert.equal(text(encoded!.metadata![METADATA_ENCODING_KEY]), ENCRYPTED_ENCODING);
  assert.equal(text(encoded!.metadata![KEY_ID_METADATA_KEY]), 'k1');
  const raw = Buffer.from(encoded!.data!).toString('latin1');
  for (const value of [...Object.values(params), 'json/plain']) assert.ok(!raw.includes(value), `ciphertext contains ${value}`);
  const [decoded] = await codec.decode([encoded!]);
  assert.deepEqual(defaultPayloadConverter.fromPayload(decoded!), params);
});

test('two encodings of the same payload differ (a random IV per payload)', async () => {
  const codec = new AesGcmPayloadCodec(keyring('k1', 'k1'));
  const plain = defaultPayloadConverter.toPayload(params);
  const [a, b] = await codec.encode([plain, plain]);
  assert.notDeepEqual(Buffer.from(a!.data!), Buffer.from(b!.data!));
  assert.notDeepEqual(Buffer.from(a!.data!).subarray(0, 12), Buffer.from(b!.data!).subarray(0, 12));
});

test('encodes with the current key and decodes payloads of an older key after a rotation', async () => {
  const before = keyring('k1', 'k1');
  const after: PayloadKeyring = { currentKeyId: 'k2', keys: new Map([...before.keys, ['k2', randomBytes(32)]]) };
  const [old] = await new AesGcmPayloadCodec(before).encode([defaultPayloadConverter.toPayload('old')]);
  const rotated = new AesGcmPayloadCodec(after);
  const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload('new')]);
  assert.equal(text(fresh!.metadata![KEY_ID_METADATA_KEY]), 'k2');
  const decoded = await rotated.decode([old!, fresh!]);
  assert.deepEqual(
    decoded.map((p) => defaultPayloadConverter.fromPayload(p)),
    ['old', 'new'],
  );
});

test('a payload naming an unknown key id fails with a message naming that key id', async () => {
  const [encoded] = await new AesGcmPayloadCodec(keyring('2026-11', '2026-11')).encode([defaultPayloadConverter.toPayload(params)]);
  const codec = new AesGcmPayloadCodec(keyring('2026-12', '2026-12'));
  await assert.rejects(codec.decode([encoded!]), (err: unknown) => {
    assert.ok(err instanceof UnknownPayloadKeyError);
    assert.equal(err.keyId, '2026-11');
    assert.match(err.message, /key id "2026-11", which is not among this process's keys \("2026-12"\)/);
    return true;
  });
});

test('a tampered ciphertext, tag or key id fails GCM authentication', async () => {
  const ring = keyring('k1', 'k1', 'k2');
  const codec = new AesGcmPayloadCodec(ring);
  const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(params)]);
  const data = Buffer.from(encoded!.data!);
  const flip = (index: number): Payload => {
    const copy = Buffer.from(data);
    copy[index] = copy[index]! ^ 0x01;
    return { ...encoded!, data: copy };
  };
  const relabelled: Payload = { data, metadata: { ...encoded!.metadata, [KEY_ID_METADATA_KEY]: Buffer.from('k2') } };
  for (const [what, payload] of [
    ['ciphertext', flip(20)],
    ['IV', flip(0)],
    ['tag', flip(data.length - 1)],
    ['key id', relabelled],
    ['truncated', { ...encoded!, data: data.subarray(0, 20) }],
  ] as const) {
    await assert.rejects(
      codec.decode([payload]),
      (err: unknown) => err instanceof PayloadDecryptionError && /could not be decrypted/.test(err.message),
      `a changed ${what} must not decrypt`,
    );
  }
});

test('payloads that are not encrypted pass through decode (history from before encryption)', async () => {
  const plain = defaultPayloadConverter.toPayload(params);
  const [decoded] = await new AesGcmPayloadCodec(keyring('k1', 'k1')).decode([plain]);
  assert.equal(decoded, plain);
});
