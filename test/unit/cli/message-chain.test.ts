import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { ReportedFailure, messageChain } from '../../../cli/main-wrapper';

test('a failed run is described by its id and the DAG failure inside the SDK wrapper', () => {
  const dagFailure = ApplicationFailure.nonRetryable(
    'DAG run failed: failed tasks: train_model (InvalidInput: config.embeddingDim: expected number)',
    'DagRunFailed',
  );
  const sdkError = new WorkflowFailedError('Workflow execution failed', dagFailure, 'NON_RETRYABLE_FAILURE');
  const reported = new ReportedFailure('weekly_retraining/spam/2002-W39 failed', { cause: sdkError.cause });
  assert.equal(
    messageChain(reported),
    'weekly_retraining/spam/2002-W39 failed: DAG run failed: failed tasks: train_model (InvalidInput: config.embeddingDim: expected number)',
  );
  assert.equal(
    messageChain(sdkError),
    'Workflow execution failed: DAG run failed: failed tasks: train_model (InvalidInput: config.embeddingDim: expected number)',
  );
});

test('a cause its parent already quotes is not repeated', () => {
  const cause = new Error('connect ECONNREFUSED 127.0.0.1:5432');
  assert.equal(
    messageChain(new Error(`PostgreSQL is unreachable: ${cause.message}`, { cause })),
    'PostgreSQL is unreachable: connect ECONNREFUSED 127.0.0.1:5432',
  );
});

test('a thrown non-error is printed as it is', () => {
  assert.equal(messageChain('boom'), 'boom');
});
