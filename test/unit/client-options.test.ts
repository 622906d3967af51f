import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@temporalio/client';
import { createFactoryClient } from '../../client/factory-client';
import { InvalidRunParamsError } from '../../client/errors';

// No workflow service at all: any call to Temporal would throw a TypeError, not the errors below.
const offline = { options: { namespace: 'default' }, connection: {} } as unknown as Client;

test('a bad callTimeoutMs is refused when the client is created, naming the option and the value', async () => {
  await assert.rejects(createFactoryClient({ client: offline, callTimeoutMs: 0 }), {
    name: 'RangeError',
    message: 'callTimeoutMs: expected a positive number of milliseconds (got 0)',
  });
});

test('a bad onParamsDiffer is refused before anything is sent', async () => {
  const factory = await createFactoryClient({ client: offline });
  await assert.rejects(factory.startRun('dag_smoke_test', { logicalDate: '2002-09-30T03:00:00Z', onParamsDiffer: 'ignore' as 'warn' }), (err: unknown) => {
    assert.ok(err instanceof InvalidRunParamsError);
    assert.deepEqual(err.problems, ['onParamsDiffer: expected "warn" or "error" (got "ignore")']);
    return true;
  });
});
