import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPayloadKeyring, payloadDataConverter } from '../../lib/codec';
import { connectFromEnvironment } from '../../client/connect';
import { ConfigError, loadConfig } from '../../lib/config';

const KEY_A = Buffer.alloc(32, 7).toString('base64');
const KEY_B = Buffer.alloc(32, 9).toString('base64');
const SHORT = Buffer.alloc(12, 5).toString('base64');

function configMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err.message;
  }
  assert.fail('expected a ConfigError');
}

test('PAYLOAD_KEYS parses into a keyring whose current key encrypts', () => {
  const keyring = loadPayloadKeyring({ PAYLOAD_KEYS: JSON.stringify({ current: '2026-12', keys: { '2026-11': KEY_A, '2026-12': KEY_B } }) });
  assert.equal(keyring?.currentKeyId, '2026-12');
  assert.deepEqual([...keyring!.keys.keys()], ['2026-11', '2026-12']);
  assert.equal(keyring!.keys.get('2026-12')!.length, 32);
});

test('no keys configured means no codec: payloads stay plain JSON', () => {
  assert.equal(loadPayloadKeyring({}), undefined);
  assert.equal(payloadDataConverter({ PAYLOAD_KEYS: '', PAYLOAD_KEYS_FILE: '' }), undefined);
});

test('PAYLOAD_KEYS_FILE is read, and a missing file names the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codec-keys-'));
  const file = join(dir, 'keys.json');
  writeFileSync(file, JSON.stringify({ current: 'k1', keys: { k1: KEY_A } }));
  assert.equal(loadPayloadKeyring({ PAYLOAD_KEYS_FILE: file })?.currentKeyId, 'k1');
  assert.match(
    configMessage(() => loadPayloadKeyring({ PAYLOAD_KEYS_FILE: join(dir, 'missing.json') })),
    /^PAYLOAD_KEYS_FILE=.* is invalid: expected a readable JSON file \(.*missing\.json: ENOENT\)$/,
  );
});

const bad: [string, string, RegExp][] = [
  ['a short key', JSON.stringify({ current: 'k1', keys: { k1: SHORT } }), /keys\.k1: base64 of 32 random bytes \(got 12 bytes\)/],
  [
    'a key that is not base64',
    JSON.stringify({ current: 'k1', keys: { k1: `${KEY_A.slice(0, 20)}!!` } }),
    /keys\.k1: base64 of 32 random bytes \(got text that is not base64\)/,
  ],
  ['a current key id absent from keys', JSON.stringify({ current: 'k9', keys: { k1: KEY_A } }), /current: a key id present in "keys" \(got "k9"; keys: "k1"\)/],
  ['no JSON', `{"current":"k1","keys":{"k1":"${KEY_A}"`, /JSON of the form/],
  ['an unknown field', JSON.stringify({ current: 'k1', keys: { k1: KEY_A }, old: KEY_B }), /only "current" and "keys"/],
];

for (const [what, value, expected] of bad) {
  test(`a keyring with ${what} is refused with a message that names the field and never the key`, () => {
    for (const message of [configMessage(() => loadPayloadKeyring({ PAYLOAD_KEYS: value })), configMessage(() => loadConfig({ PAYLOAD_KEYS: value }))]) {
      assert.match(message, /^PAYLOAD_KEYS="\*\*\*" is invalid: expected /);
      assert.match(message, expected);
      for (const secret of [KEY_A, KEY_B, SHORT, KEY_A.slice(0, 20)]) assert.ok(!message.includes(secret), `the message shows key material: ${message}`);
    }
  });
}

test('a bad keyring file is refused naming the file, never its keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'codec-keys-'));
  const file = join(dir, 'keys.json');
  writeFileSync(file, JSON.stringify({ current: 'k1', keys: { k1: SHORT, k2: KEY_A } }));
  const message = configMessage(() => loadPayloadKeyring({ PAYLOAD_KEYS_FILE: file }));
  assert.match(message, /keys\.k1: base64 of 32 random bytes \(got 12 bytes\)/);
  assert.ok(message.includes(file));
  assert.ok(!message.includes(SHORT) && !message.includes(KEY_A), message);
});

test('PAYLOAD_KEYS and PAYLOAD_KEYS_FILE together are refused', () => {
  const message = configMessage(() =>
    loadPayloadKeyring({ PAYLOAD_KEYS: JSON.stringify({ current: 'k1', keys: { k1: KEY_A } }), PAYLOAD_KEYS_FILE: '/run/keys.json' }),
  );
  assert.match(message, /to be unset when PAYLOAD_KEYS is set/);
  assert.ok(!message.includes(KEY_A));
});

test('codec server settings: a short token is refused without being quoted, origins must be origins', () => {
  assert.equal(
    configMessage(() => loadConfig({ CODEC_SERVER_TOKEN: 'short-token' })),
    'CODEC_SERVER_TOKEN="***" is invalid: expected at least 16 characters',
  );
  assert.match(
    configMessage(() => loadConfig({ CODEC_SERVER_CORS_ORIGINS: 'http://ui:8233/path' })),
    /^CODEC_SERVER_CORS_ORIGINS="http:\/\/ui:8233\/path" is invalid: expected a comma-separated list of origins/,
  );
  assert.deepEqual(loadConfig({}).CODEC_SERVER_CORS_ORIGINS.split(','), ['http://127.0.0.1:8233', 'http://localhost:8233']);
});

test('the client refuses bad PAYLOAD_KEYS from the environment before it connects', async () => {
  const saved = process.env.PAYLOAD_KEYS;
  process.env.PAYLOAD_KEYS = JSON.stringify({ current: 'k1', keys: { k1: SHORT } });
  try {
    await assert.rejects(connectFromEnvironment({ connectTimeoutMs: 100 }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /^PAYLOAD_KEYS="\*\*\*" is invalid: expected keys\.k1: base64 of 32 random bytes \(got 12 bytes\)/);
      return true;
    });
  } finally {
    if (saved === undefined) delete process.env.PAYLOAD_KEYS;
    else process.env.PAYLOAD_KEYS = saved;
  }
});
