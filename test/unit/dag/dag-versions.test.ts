import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { weeklyRetrainingBuilder, weeklyRetrainingDag } from '../../../workflows/retraining';
import { DagVersions, versionPatchId } from '../../../workflows/dag/dag-versions';
import { dag, noParams } from './fixtures';

describe('DAG versions', () => {
  const v2 = weeklyRetrainingBuilder
    .revise(2)
    .activity('recheck_champion', { deps: ['register_model'], activity: 'getChampion', input: ({ params }) => ({ model: params.modelName }) })
    .build();

  test('revise keeps every task of the old version and adds the new ones to the new version only', () => {
    assert.equal(v2.version, 2);
    assert.equal(weeklyRetrainingDag.version, 1);
    assert.deepEqual(
      v2.tasks.slice(0, -1).map((t) => t.id),
      weeklyRetrainingDag.tasks.map((t) => t.id),
    );
    assert.equal(
      weeklyRetrainingDag.tasks.some((t) => t.id === 'recheck_champion'),
      false,
    );
  });

  test('serves the newest first and names the patch marker of each version', () => {
    const versions = new DagVersions(v2, [weeklyRetrainingDag]);
    assert.deepEqual(
      versions.newestFirst.map((d) => d.version),
      [2, 1],
    );
    assert.equal(versionPatchId(v2), 'weekly_retraining@v2');
  });

  test('a carried version is served as is, and a version no longer served is a clear error', () => {
    const versions = new DagVersions(v2, [weeklyRetrainingDag]);
    assert.equal(versions.choose(1), weeklyRetrainingDag);
    assert.throws(() => new DagVersions(v2, []).choose(1), /this worker has no version 1 of DAG "weekly_retraining" \(it has v2\)/);
  });

  test('refuses versions of another DAG, a repeated version, or a current one that is not the newest', () => {
    const other = dag({ id: 'other', summary: 'another DAG', params: noParams }).activity('noop', { activity: 'noop' }).build();
    assert.throws(() => new DagVersions<unknown, unknown>(v2, [other]), /a previous version has DAG id "other", expected "weekly_retraining"/);
    assert.throws(() => new DagVersions(weeklyRetrainingDag, [weeklyRetrainingDag]), /version 1 is given twice/);
    assert.throws(() => new DagVersions(weeklyRetrainingDag, [v2]), /the current definition \(v1\) must have the highest version \(got v2\)/);
  });
});
