import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidApprovalDecisionError, validateApprovalDecision } from '../../../common/registry';

const awaiting = { model: 'spam', version: 6 };
const decision = { model: 'spam', version: 6, decision: 'approve', by: 'alice', reason: 'looks good on the holdout' };

const failsWith = (message: string) => (err: unknown) => err instanceof InvalidApprovalDecisionError && err.message === message;

describe('validateApprovalDecision', () => {
  test('accepts a decision about the version awaiting approval', () => {
    assert.deepEqual(validateApprovalDecision(decision, awaiting), decision);
    assert.equal(validateApprovalDecision({ ...decision, decision: 'reject' }, awaiting).decision, 'reject');
  });

  test('rejects a version that is not awaiting approval, naming the one that is', () => {
    assert.throws(() => validateApprovalDecision({ ...decision, version: 7 }, awaiting), failsWith('version 7 of model spam is not awaiting approval (awaiting: 6)'));
  });

  test('rejects another model, naming the awaited model and version', () => {
    assert.throws(
      () => validateApprovalDecision({ ...decision, model: 'ham' }, awaiting),
      failsWith('model ham is not awaiting approval (awaiting: version 6 of model spam)'),
    );
  });

  test('rejects any decision while nothing awaits approval', () => {
    assert.throws(() => validateApprovalDecision(decision, undefined), failsWith('version 6 of model spam is not awaiting approval (nothing is awaiting approval)'));
  });

  test('names each bad field and quotes its value', () => {
    assert.throws(
      () => validateApprovalDecision({ ...decision, decision: 'maybe', by: '  ', version: 0 }, awaiting),
      failsWith(
        'invalid approval decision: version: Too small: expected number to be >0 (got 0); ' +
          'decision: Invalid option: expected one of "approve"|"reject" (got "maybe"); ' +
          'by: Too small: expected string to have >=1 characters (got "  ")',
      ),
    );
  });

  test('refuses unknown fields, so a misspelt field is not silently dropped', () => {
    assert.throws(() => validateApprovalDecision({ ...decision, reasn: 'typo' }, awaiting), /invalid approval decision: \(root\): Unrecognized key: "reasn"/);
  });
});
