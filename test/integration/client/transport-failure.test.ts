import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import { createFactoryClient, RunNotFoundError, TemporalUnavailableError, type FactoryClient } from '../../../client';
import { startTemporalTestEnv } from '../../support/temporal-test-env';

const CALL_TIMEOUT_MS = 2_000;
/** Generous for a loaded 2-core box, and still well under the SDK's own ~20 s of retries. */
const CEILING_MS = 12_000;

async function failure(call: () => Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const started = Date.now();
  const err = await call().then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  return { err, ms: Date.now() - started };
}

describe('a connected client after Temporal goes away', () => {
  test('an Update nobody answers, every call after the server stops, and a wait in progress all end in TemporalUnavailableError within the deadline', async (t) => {
    const env = await startTemporalTestEnv();
    const connection = await Connection.connect({ address: env.address });
    let factory: FactoryClient | undefined;
    try {
      factory = await createFactoryClient({ client: new Client({ connection, namespace: 'default' }), callTimeoutMs: CALL_TIMEOUT_MS });
      // No worker polls here: the run stays open, which is all a wait needs.
      const run = await factory.startRun('dag_smoke_test', { logicalDate: '2002-09-30T03:00:00Z' });
      await assert.rejects(factory.getRun('dag_smoke_test/nobody'), RunNotFoundError);
      const client = factory;
      // An Update needs a workflow worker to answer it: with none, it ends at the deadline too.
      const noWorker = await failure(() => client.retryTask(run.workflowId, 'sum_items'));
      assert.ok(noWorker.err instanceof TemporalUnavailableError, String(noWorker.err));
      assert.match(noWorker.err.message, /no answer within 2000 ms/);
      assert.ok(noWorker.ms < CEILING_MS, `retryTask without a worker took ${noWorker.ms} ms`);
      t.diagnostic(`retryTask with no worker polling: TemporalUnavailableError after ${noWorker.ms} ms`);
      const waiting = failure(() => client.waitForRun(run.workflowId));

      await env.teardown();
      const calls: Record<string, () => Promise<unknown>> = {
        getRun: () => client.getRun(run.workflowId),
        startRun: () => client.startRun('dag_smoke_test', { logicalDate: '2002-10-07T03:00:00Z' }),
        listRuns: () => client.listRuns({ dagId: 'dag_smoke_test' }),
        cancelRun: () => client.cancelRun(run.workflowId),
        retryTask: () => client.retryTask(run.workflowId, 'sum_items'),
        approvePromotion: () => client.approvePromotion({ workflowId: run.workflowId, by: 'ops' }),
      };
      for (const [operation, call] of Object.entries(calls)) {
        const { err, ms } = await failure(call);
        assert.ok(err instanceof TemporalUnavailableError, `${operation}: ${String(err)}`);
        assert.equal(err.operation, operation);
        assert.equal(err.address, env.address);
        assert.match(err.message, new RegExp(`^${operation}: Temporal at ${env.address} failed: `));
        assert.ok(ms < CEILING_MS, `${operation} took ${ms} ms with a ${CALL_TIMEOUT_MS} ms deadline`);
        t.diagnostic(`${operation}: TemporalUnavailableError after ${ms} ms`);
      }
      // The long poll has no call deadline; the SDK's retries end it, mapped to the same error.
      const { err, ms } = await waiting;
      assert.ok(err instanceof TemporalUnavailableError, `waitForRun: ${String(err)}`);
      assert.equal(err.operation, 'waitForRun');
      t.diagnostic(`waitForRun (in progress when the server went away): TemporalUnavailableError after ${ms} ms in all`);
    } finally {
      await factory?.close();
      await connection.close();
    }
  });
});
