import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// What a service that only talks to Temporal must never load (they are optional peers of the package).
const WORKER_SIDE = /node_modules\/(pg|pg-copy-streams|pg-cursor|@aws-sdk|@tensorflow|@temporalio\/worker)\//;

test('importing the client loads neither pg, the AWS SDK, tfjs nor the Temporal worker', () => {
  const script = `require('tsx/cjs'); require('./client'); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
  assert.ok(
    loaded.some((k) => k.endsWith(join('client', 'index.ts'))),
    'the check loaded the client',
  );
  assert.deepEqual(
    loaded.filter((k) => WORKER_SIDE.test(k)),
    [],
    'a static import in client/ pulls worker-side code: load it lazily (see client/registry-reads.ts)',
  );
});
