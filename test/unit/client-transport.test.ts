import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError, WorkflowFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { asTransportError, transportFailureOf, withCallDeadline } from '../../client/transport';
import { TemporalUnavailableError } from '../../lib/temporal/errors';

/** What @grpc/grpc-js rejects with: an Error carrying the numeric status code. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

test('finds UNAVAILABLE, DEADLINE_EXCEEDED and refused connections inside the SDK wrappers', () => {
  assert.equal(transportFailureOf(new ServiceError('Failed to describe', { cause: grpcError(14, 'UNAVAILABLE: No connection established') })), 'UNAVAILABLE');
  assert.equal(transportFailureOf(grpcError(4, 'DEADLINE_EXCEEDED: Deadline exceeded')), 'DEADLINE_EXCEEDED');
  assert.equal(transportFailureOf(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7233'), { code: 'ECONNREFUSED' })), 'CONNECTION');
});

test('leaves business errors alone, whatever their message says', () => {
  assert.equal(transportFailureOf(grpcError(5, 'NOT_FOUND: workflow not found')), undefined);
  assert.equal(transportFailureOf(new WorkflowNotFoundError('not found', 'w', undefined)), undefined);
  const activity = ApplicationFailure.nonRetryable('connect ECONNREFUSED 127.0.0.1:5432', 'DatabaseUnavailable');
  assert.equal(transportFailureOf(activity), undefined);
  assert.equal(transportFailureOf(new WorkflowFailedError('failed', activity, 'NON_RETRYABLE_FAILURE')), undefined);
});

test('maps a transport failure to TemporalUnavailableError naming the call, the address and the deadline', () => {
  const cause = new ServiceError('Failed to query', { cause: grpcError(4, 'DEADLINE_EXCEEDED: Deadline exceeded') });
  const err = asTransportError({ address: '127.0.0.1:7233', timeoutMs: 2_000 }, 'getRun', cause);
  assert.ok(err instanceof TemporalUnavailableError);
  assert.equal(
    err.message,
    'getRun: Temporal at 127.0.0.1:7233 failed: no answer within 2000 ms. Check that the server is up and reachable ' +
      '(Queries and Updates also need a worker polling the run’s task queue); raise callTimeoutMs for slow links',
  );
  assert.deepEqual([err.address, err.operation, err.timeoutMs, err.cause], ['127.0.0.1:7233', 'getRun', 2_000, cause]);
  assert.equal(asTransportError({ address: 'a', timeoutMs: 1 }, 'getRun', new Error('boom')), undefined);
});

test('an Update cut by the deadline as gRPC CANCELLED is a deadline failure; cancelled before it, it passes unchanged', async () => {
  const cancelled = () => new WorkflowUpdateRPCTimeoutOrCancelledError('Call cancelled', { cause: grpcError(1, 'CANCELLED: Call cancelled') });
  const client = { withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn() } as unknown as Client;
  const ctx = { client, address: '127.0.0.1:7233', timeoutMs: 20 };
  const late = await withCallDeadline(ctx, 'retryTask', () => new Promise((_, reject) => setTimeout(() => reject(cancelled()), 40))).catch((e: unknown) => e);
  assert.ok(late instanceof TemporalUnavailableError, String(late));
  assert.match(late.message, /^retryTask: Temporal at 127\.0\.0\.1:7233 failed: no answer within 20 ms/);
  const early = await withCallDeadline({ ...ctx, timeoutMs: 60_000 }, 'retryTask', () => Promise.reject(cancelled())).catch((e: unknown) => e);
  assert.ok(early instanceof WorkflowUpdateRPCTimeoutOrCancelledError);
});
