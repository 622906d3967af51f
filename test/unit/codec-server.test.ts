import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, startCodecServer, type RunningCodecServer } from '../../lib/codec';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const TOKEN = 'codec-test-token-0123456789';
const codec = new AesGcmPayloadCodec({ currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });

type JsonPayload = { metadata: Record<string, string>; data: string };
const toJson = (value: unknown): JsonPayload => {
  const p = defaultPayloadConverter.toPayload(value);
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data!).toString('base64'),
  };
};
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('the codec server over HTTP', () => {
  let server: RunningCodecServer;
  const post = (path: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  before(async () => {
    server = await startCodecServer({ codec, port: 0, allowedOrigins: [UI_ORIGIN], token: TOKEN });
  });
  after(async () => {
    await server?.close();
  });

  test('encode then decode returns the payloads, in the protobuf JSON form with base64 fields', async () => {
    const payloads = [toJson({ approver: 'Ada Lovelace' }), toJson('reason: fine')];
    const encoded = await post('/encode', { payloads });
    assert.equal(encoded.status, 200);
    const encodedBody = (await encoded.json()) as { payloads: JsonPayload[] };
    assert.equal(encodedBody.payloads.length, 2);
    assert.equal(encodedBody.payloads[0]!.metadata.encoding, b64('binary/encrypted'));
    assert.equal(encodedBody.payloads[0]!.metadata['encryption-key-id'], b64('k1'));
    assert.ok(!Buffer.from(encodedBody.payloads[0]!.data, 'base64').toString('latin1').includes('Ada'));
    // Mounted under a prefix: only the last path segment counts.
    const decoded = await post('/namespaces/default/decode', encodedBody);
    assert.equal(decoded.status, 200);
    assert.deepEqual(await decoded.json(), { payloads });
  });

  test('refuses a request without the bearer token, or with a wrong one', async () => {
    const body = { payloads: [toJson('x')] };
    for (const headers of [{}, { Authorization: `Bearer ${TOKEN}x` }, { Authorization: TOKEN }] as Record<string, string>[]) {
      const res = await post('/decode', body, headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
      const text = await res.text();
      assert.match(text, /Authorization: Bearer <CODEC_SERVER_TOKEN>/);
      assert.ok(!text.includes(TOKEN), 'the answer quotes the token');
    }
  });

  test('answers the Web UI preflight with its origin and the headers the UI sends', async () => {
    const res = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: UI_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), UI_ORIGIN);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.match(res.headers.get('access-control-allow-methods')!, /POST/);
    const allowed = res.headers.get('access-control-allow-headers')!.toLowerCase().split(/,\s*/);
    for (const header of ['x-namespace', 'authorization', 'content-type']) assert.ok(allowed.includes(header), `${header} not allowed: ${allowed.join(',')}`);
  });

  test('a POST from the UI origin carries the CORS headers; another origin is refused', async () => {
    const ok = await post('/decode', { payloads: [toJson('x')] }, { Authorization: `Bearer ${TOKEN}`, Origin: UI_ORIGIN, 'X-Namespace': 'default' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), UI_ORIGIN);
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const post403 = await post('/decode', { payloads: [toJson('x')] }, { Authorization: `Bearer ${TOKEN}`, Origin: 'http://evil.example' });
    assert.equal(post403.status, 403);
    assert.match(await post403.text(), /origin \\"http:\/\/evil.example\\" is not allowed: add it to CODEC_SERVER_CORS_ORIGINS/);
  });

  test('a malformed body is a 400 naming the field; an unknown key id a 422 naming the key id', async () => {
    const notJson = await fetch(`${server.url}/decode`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` }, body: '{' });
    assert.equal(notJson.status, 400);
    assert.match(await notJson.text(), /request body: expected JSON/);
    const badData = await post('/decode', { payloads: [{ metadata: {}, data: 'not base64!' }] });
    assert.equal(badData.status, 400);
    assert.match(await badData.text(), /payloads\.0\.data/);
    const foreign = await post('/decode', {
      payloads: [{ metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('2025-01') }, data: b64('x'.repeat(40)) }],
    });
    assert.equal(foreign.status, 422);
    assert.match(await foreign.text(), /key id \\"2025-01\\"/);
  });

  test('other paths and methods are refused', async () => {
    assert.equal((await fetch(`${server.url}/healthz`)).status, 404);
    assert.equal((await fetch(`${server.url}/decode`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status, 405);
  });
});

test('refuses to listen beyond loopback without a token', async () => {
  await assert.rejects(startCodecServer({ codec, host: '0.0.0.0', port: 0, allowedOrigins: [UI_ORIGIN] }), /set CODEC_SERVER_TOKEN/);
});
