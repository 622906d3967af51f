import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { FIXTURE_WORKFLOWS } from '../integration/dag/harness';
import { historyFromJson } from './history-json';

// Histories of real runs (recorded by record-histories.ts) replayed against the current workflow
// code: a non-deterministic change to the engine fails here, before it breaks running DAGs.
const DIR = join(__dirname, '..', 'histories');
const files = readdirSync(DIR)
  .filter((f) => f.startsWith('dag-') && f.endsWith('.json'))
  .sort();

let bundle: WorkflowBundle;
before(async () => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  bundle = await bundleWorkflowCode({ workflowsPath: FIXTURE_WORKFLOWS, logger: new DefaultLogger('ERROR') });
});

describe('replay of committed DAG run histories', () => {
  test('there are histories for linear, branch, mapped and retried runs', () => {
    for (const kind of ['linear', 'branch', 'mapped', 'retried-by-temporal', 'failed-then-retried-by-operator']) {
      assert.ok(files.includes(`dag-${kind}.json`), `missing test/histories/dag-${kind}.json; run npx tsx test/replay/record-histories.ts`);
    }
  });

  for (const file of files) {
    test(`replays ${file} without non-determinism`, async () => {
      const history = historyFromJson(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, file);
    });
  }
});
