import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../lib/config';
import { ensureLocalFolder } from '../../lib/stack/local-folder';
import { callerProblems, logicalDateProblem } from '../../workflows/dag/run-input';

const where = { taskQueue: 'factory-cpu', continuedFrom: undefined };

describe('what a caller may set in a DAG run input', () => {
  test('a task queue is refused unless the deployment polls it', () => {
    assert.deepEqual(callerProblems({ taskQueues: { cpu: 'factory-cpu', gpu: 'factory-gpu' } }, where), []);
    assert.deepEqual(callerProblems({ taskQueues: { cpu: 'test-q', gpu: 'test-q-gpu' } }, { taskQueue: 'test-q', continuedFrom: undefined }), []);
    assert.deepEqual(callerProblems({ taskQueues: { gpu: 'nonexistent-queue' } }, where), [
      'input.taskQueues.gpu: one of "factory-cpu", "factory-gpu", "factory-cpu-gpu" (queues this deployment polls); got "nonexistent-queue"',
    ]);
  });

  test('carried state is refused in a start and accepted in a continued run', () => {
    const carried = { segment: 1, scheduler: { states: [] }, records: {} } as never;
    assert.match(callerProblems({ carried }, where)[0]!, /^input\.carried: engine state set only by continue-as-new/);
    assert.deepEqual(callerProblems({ carried }, { ...where, continuedFrom: 'run-1' }), []);
  });

  test('a logical date before 1970 or more than a year ahead is refused', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    assert.equal(logicalDateProblem('2002-09-30T03:00:00Z', now), undefined);
    assert.equal(logicalDateProblem('2027-06-01T00:00:00Z', now), undefined);
    assert.match(
      logicalDateProblem('0001-01-01T00:00:00Z', now)!,
      /^input\.logicalDate: an instant from 1970-01-01T00:00:00Z to 2027-12-02 .*got "0001-01-01T00:00:00Z"$/,
    );
    assert.match(logicalDateProblem('9999-12-31T00:00:00Z', now)!, /got "9999-12-31T00:00:00Z"$/);
  });
});

describe('a local artifact folder', () => {
  test('is created level by level, and a folder under /proc or under a file is named at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-folder-'));
    try {
      ensureLocalFolder('ARTIFACT_STORE', join(dir, 'a/b/c'), join(dir, 'a/b/c'));
      assert.ok(statSync(join(dir, 'a/b/c')).isDirectory());
      writeFileSync(join(dir, 'file'), 'x');
      assert.throws(
        () => ensureLocalFolder('ARTIFACT_STORE', join(dir, 'file/x'), join(dir, 'file/x')),
        (err: unknown) => err instanceof ConfigError && /is not a folder\)$/.test(err.message),
      );
      assert.throws(
        () => ensureLocalFolder('ARTIFACT_STORE', '/proc/forbidden', '/proc/forbidden'),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.message === 'ARTIFACT_STORE="/proc/forbidden" is invalid: expected a writable folder (cannot create /proc/forbidden: ENOENT)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
