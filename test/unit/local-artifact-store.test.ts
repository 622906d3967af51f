import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArtifactStoreUnavailableError, LocalArtifactStore } from '../../lib/artifacts';
import { artifactStoreContract } from '../contracts/artifact-store-contract';

describe('local artifact store', () => {
  let dir: string;
  let store: LocalArtifactStore;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'factory-artifacts-'));
    store = new LocalArtifactStore(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  artifactStoreContract(
    () => store,
    async (uri, bytes) => writeFileSync(fileURLToPath(uri), bytes),
  );

  test('a file in place of the artifact folder is reported with its path', async () => {
    const blockedPath = join(dir, 'not-a-folder');
    writeFileSync(blockedPath, 'x');
    await assert.rejects(
      new LocalArtifactStore(blockedPath).check(),
      (err: unknown) => err instanceof ArtifactStoreUnavailableError && err.message.includes(blockedPath),
    );
  });
});
