import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getDagStateQuery } from '../../../workflows/dag';
import { DagTestHarness } from './harness';

const h = new DagTestHarness();
before(() => h.start());
after(() => h.stop());

describe('DAG engine at scale', () => {
  test('a 300-task DAG continues as new several times and still passes outputs across segments', () =>
    h.withWorker(async ({ start }) => {
      // A low threshold forces continue-as-new every few layers; 10,000 tasks run in the bench.
      const handle = await start('layered_dag', { continueAsNewAfterEvents: 400 });
      const result = await handle.result();
      assert.equal(result.state, 'success');
      assert.ok(result.segments >= 3, `expected several segments, got ${result.segments}`);
      assert.equal(result.counts.success, 300);
      assert.equal(result.tasks.t29_9?.output, 30, 'each layer adds one to the previous layer: outputs crossed segments');
      const state = await handle.query(getDagStateQuery);
      assert.equal(state.segment, result.segments - 1);
      assert.equal(state.progress, '300/300 done');
      const first = state.tasks[0]!;
      assert.ok(first.startedAt !== undefined && first.endedAt !== undefined, 'timings survive continue-as-new');
    }));
});
