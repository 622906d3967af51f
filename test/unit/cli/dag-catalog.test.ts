import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAGS } from '../../../client';
import * as workflows from '../../../workflows';

// Workflow types that are not DAGs (no getDagState, no params schema).
const NOT_DAGS = new Set<string>();

test('every DAG workflow the workers register can be started and shown by the client and CLI', () => {
  const missing = Object.keys(workflows).filter((type) => !NOT_DAGS.has(type) && !(type in DAGS));
  assert.deepEqual(missing, [], `add ${missing.join(', ')} to DAGS in client/dag-catalog.ts (or to NOT_DAGS here when it is no DAG)`);
  for (const id of Object.keys(DAGS)) assert.ok(id in workflows, `client/dag-catalog.ts lists ${id}, which workflows/index.ts does not export`);
});
