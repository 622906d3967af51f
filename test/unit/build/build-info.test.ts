import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeVersionOf, readBuildInfo } from '../../../lib/build-info';

const COMMIT = 'a'.repeat(8) + 'b'.repeat(32);

function fakeCheckout(git: 'loose' | 'packed' | 'none'): string {
  const root = mkdtempSync(join(tmpdir(), 'factory-build-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'model-factory', version: '1.2.3' }));
  if (git !== 'none') {
    mkdirSync(join(root, '.git', 'refs', 'heads'), { recursive: true });
    writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    if (git === 'loose') writeFileSync(join(root, '.git', 'refs', 'heads', 'main'), `${COMMIT}\n`);
    else writeFileSync(join(root, '.git', 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${COMMIT} refs/heads/main\n`);
  }
  return root;
}

test("a checkout's build is its package version plus the short commit, from loose or packed refs", () => {
  for (const git of ['loose', 'packed'] as const) {
    const root = fakeCheckout(git);
    try {
      assert.deepEqual(readBuildInfo({}, root), { id: `1.2.3+${COMMIT.slice(0, 12)}`, packageVersion: '1.2.3', gitCommit: COMMIT });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

test('without git the build is the package version; FACTORY_BUILD_ID overrides it, unless empty', () => {
  const root = fakeCheckout('none');
  try {
    assert.deepEqual(readBuildInfo({}, root), { id: '1.2.3', packageVersion: '1.2.3' });
    assert.equal(readBuildInfo({ FACTORY_BUILD_ID: 'image-2026.12.01-7' }, root).id, 'image-2026.12.01-7');
    assert.equal(readBuildInfo({ FACTORY_BUILD_ID: '  ' }, root).id, '1.2.3');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("reads this package's own version", () => {
  assert.equal(readBuildInfo({}).packageVersion, (require('../../../package.json') as { version: string }).version);
});

test('the recorded code version names the DAG version and the build', () => {
  assert.equal(codeVersionOf('weekly_retraining@v2', { id: '0.1.0+abc', packageVersion: '0.1.0' }), 'weekly_retraining@v2 build 0.1.0+abc');
});

test('built code names the commit stamped at build time, even with no .git beside it (an image), and over a newer HEAD', () => {
  const STAMPED = 'c'.repeat(40);
  for (const git of ['none', 'loose'] as const) {
    const root = fakeCheckout(git);
    try {
      const stamp = join(root, 'build-info.json');
      writeFileSync(stamp, JSON.stringify({ gitCommit: STAMPED, builtAt: '2026-12-01T00:00:00.000Z' }));
      assert.deepEqual(readBuildInfo({}, root, stamp), { id: `1.2.3+${STAMPED.slice(0, 12)}`, packageVersion: '1.2.3', gitCommit: STAMPED });
      writeFileSync(stamp, JSON.stringify({ builtAt: '2026-12-01T00:00:00.000Z' }));
      assert.equal(readBuildInfo({}, root, stamp).gitCommit, git === 'none' ? undefined : COMMIT, 'a stamp without a commit falls back to the checkout');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});
