import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHealthServer } from '../../../lib/net/health-server';

test('the health endpoint answers 200 while healthy, 503 otherwise, 404 elsewhere, on a real port', async () => {
  let healthy = false;
  const server = await startHealthServer(0, () => ({ healthy, detail: { states: healthy ? ['RUNNING'] : ['INITIALIZED'] } }));
  try {
    const url = `http://127.0.0.1:${server.port}`;
    const before = await fetch(`${url}/healthz`);
    assert.equal(before.status, 503);
    assert.deepEqual(await before.json(), { healthy: false, states: ['INITIALIZED'] });
    healthy = true;
    const now = await fetch(`${url}/healthz?probe=liveness`);
    assert.equal(now.status, 200);
    assert.deepEqual(await now.json(), { healthy: true, states: ['RUNNING'] });
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
    assert.equal((await fetch(`${url}/metrics`)).status, 404);
    assert.equal((await fetch(`${url}/healthz`, { method: 'POST' })).status, 404);
  } finally {
    await server.close();
  }
});

test('a taken port fails the start with the error, not a silent process without probes', async () => {
  const first = await startHealthServer(0, () => ({ healthy: true, detail: {} }));
  try {
    await assert.rejects(
      startHealthServer(first.port, () => ({ healthy: true, detail: {} })),
      /EADDRINUSE/,
    );
  } finally {
    await first.close();
  }
});
