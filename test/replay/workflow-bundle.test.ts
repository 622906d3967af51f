import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

describe('workflow bundle', () => {
  test('the production workflows, DAG engine included, bundle without Node built-ins', async () => {
    // The bundler fails on any Node built-in reachable from workflow code.
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('ERROR') });
    assert.match(code, /dag_smoke_test/);
  });
});
