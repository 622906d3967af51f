import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');

/** Runs the real `factory` entry point with a stdout whose reader has already gone (`| head` after its lines). */
function runIntoClosedPipe(argv: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/factory.ts'), ...argv], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', LOG_LEVEL: 'warn' },
  });
  // Closed before the CLI has loaded, so its first write meets a pipe nobody reads.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

for (const argv of [['dags', 'list'], ['--help']]) {
  test(`factory ${argv.join(' ')} into a reader that closed early ends quietly with exit 0 (no EPIPE crash)`, async () => {
    const result = await runIntoClosedPipe(argv);
    assert.deepEqual(result, { code: 0, signal: null, stderr: '' });
  });
}
