import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PutObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ArtifactStoreUnavailableError, S3ArtifactStore } from '../../lib/artifacts';
import { freePort } from '../../lib/net/free-port';
import { artifactStoreContract } from '../contracts/artifact-store-contract';
import { startSeaweedS3, type RunningS3 } from '../support/seaweed-s3';

describe('S3 artifact store against a real S3-compatible server (SeaweedFS)', () => {
  let s3: RunningS3;
  let store: S3ArtifactStore;
  before(async () => {
    s3 = await startSeaweedS3();
    await s3.createBucket('factory-artifacts');
    store = new S3ArtifactStore({ bucket: 'factory-artifacts', prefix: 'contract-run', region: s3.region, endpoint: s3.endpoint });
    await store.check();
  });
  after(async () => {
    store?.destroy();
    await s3?.stop();
  });

  artifactStoreContract(
    () => store,
    async (uri, bytes) => {
      // Overwrite the object directly, keeping the store's metadata, as a bit-rot or a bad actor would.
      const client = new S3Client({ region: s3.region, endpoint: s3.endpoint, forcePathStyle: true });
      const key = uri.replace('s3://factory-artifacts/', '');
      const head = await client.send(new HeadObjectCommand({ Bucket: 'factory-artifacts', Key: key }));
      await client.send(new PutObjectCommand({ Bucket: 'factory-artifacts', Key: key, Body: bytes, Metadata: head.Metadata }));
      client.destroy();
    },
  );

  test('a missing bucket is reported by name at start', async () => {
    const missing = new S3ArtifactStore({ bucket: 'no-such-bucket', prefix: '', region: s3.region, endpoint: s3.endpoint });
    await assert.rejects(missing.check(), (err: unknown) => err instanceof ArtifactStoreUnavailableError && /s3:\/\/no-such-bucket/.test(err.message));
    missing.destroy();
  });
});

test('an unreachable S3 endpoint is reported within seconds', async () => {
  const port = await freePort();
  const unreachable = new S3ArtifactStore({ bucket: 'factory', prefix: '', region: 'us-east-1', endpoint: `http://127.0.0.1:${port}` });
  const started = Date.now();
  await assert.rejects(unreachable.check(), (err: unknown) => err instanceof ArtifactStoreUnavailableError && err.message.includes(`127.0.0.1:${port}`));
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  unreachable.destroy();
});
