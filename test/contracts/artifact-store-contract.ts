import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { ArtifactConflictError, ArtifactIntegrityError, ArtifactNotFoundError, readAll, sha256Hex, type ArtifactStore } from '../../lib/artifacts';

/**
 * The behaviour every artifact backend must show. Each backend's test file calls this with its
 * own store and a `corrupt` hook that alters committed bytes behind the store's back.
 */
export function artifactStoreContract(getStore: () => ArtifactStore, corrupt: (uri: string, bytes: Buffer) => Promise<void>): void {
  test('writes an artifact and reads back the same bytes with their sha256', async () => {
    const store = getStore();
    const ref = await store.put('contract/hello.txt', 'hello artifacts');
    assert.equal(ref.sha256, sha256Hex('hello artifacts'));
    assert.equal(ref.sizeBytes, 15);
    assert.equal(ref.uri, store.uriFor('contract/hello.txt'));
    assert.equal((await readAll(await store.openRead(ref.uri))).toString(), 'hello artifacts');
    assert.deepEqual(await store.stat(ref.uri), ref);
  });

  test('reads only inside its own location: another prefix, a parent and a foreign store are refused before any request', async () => {
    const store = getStore();
    await store.put('contract/inside.txt', 'inside');
    const own = store.uriFor('contract/inside.txt');
    const root = store.location.replace(/\/[^/]+$/, '');
    for (const uri of [
      `${root}/elsewhere/secret.txt`,
      `${store.location}/../elsewhere/secret.txt`,
      `${store.location}-other/contract/inside.txt`,
      's3://other-bucket/x',
      'file:///etc/passwd',
    ]) {
      await assert.rejects(store.openRead(uri), /is not inside this store|artifact key .* is invalid/, uri);
      await assert.rejects(store.stat(uri), /is not inside this store|artifact key .* is invalid/, uri);
    }
    assert.equal((await readAll(await store.openRead(own))).toString(), 'inside');
  });

  test('streams a large artifact without buffering it whole', async () => {
    const store = getStore();
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const chunks = 12;
    const ref = await store.put(
      'contract/large.bin',
      Readable.from(
        (function* () {
          for (let i = 0; i < chunks; i++) yield chunk;
        })(),
      ),
    );
    assert.equal(ref.sizeBytes, chunk.length * chunks);
    let seen = 0;
    for await (const part of await store.openRead(ref.uri)) seen += (part as Buffer).length;
    assert.equal(seen, ref.sizeBytes);
  });

  test('writing identical bytes again returns the same ref, so retries are idempotent', async () => {
    const store = getStore();
    const first = await store.put('contract/idempotent.json', '{"a":1}');
    const second = await store.put('contract/idempotent.json', '{"a":1}');
    assert.deepEqual(second, first);
  });

  test('refuses to replace a committed artifact with different bytes', async () => {
    const store = getStore();
    await store.put('contract/immutable.txt', 'v1');
    await assert.rejects(store.put('contract/immutable.txt', 'v2'), ArtifactConflictError);
    assert.equal((await readAll(await store.openRead(store.uriFor('contract/immutable.txt')))).toString(), 'v1');
  });

  test('of two concurrent writes of different bytes to one key exactly one wins, and the stored bytes match the stored hash', async () => {
    const store = getStore();
    // Several rounds, with bodies large enough that both writers are in flight together.
    for (let round = 0; round < 5; round++) {
      const key = `contract/race-${round}.bin`;
      const bodies = [Buffer.alloc(256 * 1024, 1 + round), Buffer.alloc(256 * 1024, 100 + round)];
      const results = await Promise.allSettled(bodies.map((body) => store.put(key, body)));
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      assert.equal(won.length, 1, `round ${round}: exactly one write commits`);
      assert.equal(lost.length, 1);
      assert.ok(lost[0] instanceof ArtifactConflictError, `round ${round}: the other gets ArtifactConflictError (got ${String(lost[0])})`);
      const stored = await store.stat(store.uriFor(key));
      assert.deepEqual(stored, won[0]);
      const bytes = await readAll(await store.openRead(store.uriFor(key)));
      assert.equal(sha256Hex(bytes), stored!.sha256);
      assert.ok(
        bodies.some((b) => b.equals(bytes)),
        "the stored bytes are one writer's, whole",
      );
    }
  });

  test('a write whose source fails leaves nothing visible', async () => {
    const store = getStore();
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 1));
        this.destroy(new Error('source died halfway'));
      },
    });
    await assert.rejects(store.put('contract/partial.bin', failing), /source died halfway/);
    assert.equal(await store.stat(store.uriFor('contract/partial.bin')), undefined);
    await assert.rejects(store.openRead(store.uriFor('contract/partial.bin')), ArtifactNotFoundError);
  });

  test('detects on read an artifact whose bytes no longer match its sha256, naming the URI', async () => {
    const store = getStore();
    const ref = await store.put('contract/tampered.txt', 'original content');
    await corrupt(ref.uri, Buffer.from('tampered content'));
    await assert.rejects(readAll(await store.openRead(ref.uri)), (err: unknown) => err instanceof ArtifactIntegrityError && err.message.includes(ref.uri));
  });

  test('rejects keys that escape the store', () => {
    const store = getStore();
    assert.throws(() => store.uriFor('../etc/passwd'), /artifact key "..\/etc\/passwd" is invalid/);
    assert.throws(() => store.uriFor('/abs'), /is invalid/);
  });
}
