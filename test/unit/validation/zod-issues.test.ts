import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { durationString } from '../../../common/dag/duration';
import { describeValue, formatZodIssues, ModelNameSchema, unknownFields } from '../../../common/validation';

const schema = z.strictObject({
  epochs: z.number().int().min(1),
  approval: z.enum(['auto', 'manual']),
  when: z.iso.datetime({ error: 'an ISO-8601 instant' }),
  nested: z.strictObject({ f1: z.number().max(1) }).optional(),
});

function problems(input: unknown, options: Parameters<typeof formatZodIssues>[1] = {}, reportInput = false): string[] {
  const result = schema.safeParse(input, { reportInput });
  assert.ok(!result.success, 'the input should be refused');
  return formatZodIssues(result.error, options);
}

describe('zod issue formatting', () => {
  test('names each field with its prefix and quotes the bad value, whether the issue carries it or not', () => {
    const input = { epochs: 'ten', approval: 'maybe', when: 'last monday', nested: { f1: 1.5, minF1: 0.9 }, epoch: 3 };
    const expected = [
      'params.epochs: expected number, got "ten"',
      'params.approval: expected one of "auto"|"manual" (got "maybe")',
      'params.when: an ISO-8601 instant (got "last monday")',
      'params.nested.f1: Too big: expected number to be <=1 (got 1.5)',
      'params.nested.minF1: unknown field',
      'params.epoch: unknown field (known: epochs, approval)',
    ];
    assert.deepEqual(problems(input, { prefix: 'params', knownKeys: ['epochs', 'approval'] }, true), expected);
    assert.deepEqual(problems(input, { prefix: 'params', knownKeys: ['epochs', 'approval'], input }), expected);
  });

  test('says "got nothing" for a missing field, and shows no value when it does not know it', () => {
    assert.deepEqual(problems({ approval: 'auto' }, { input: { approval: 'auto' } }), [
      'epochs: expected number, got nothing',
      'when: an ISO-8601 instant (got nothing)',
    ]);
    assert.deepEqual(problems({ approval: 'auto' }), ['epochs: expected number', 'when: an ISO-8601 instant']);
  });

  test('names the root by the prefix, else by the root option', () => {
    const result = z.number().int().safeParse(1.5, { reportInput: true });
    assert.ok(!result.success);
    assert.deepEqual(formatZodIssues(result.error), ['(root): expected int, got 1.5']);
    assert.deepEqual(formatZodIssues(result.error, { root: '(input)' }), ['(input): expected int, got 1.5']);
    assert.deepEqual(formatZodIssues(result.error, { prefix: 'input' }), ['input: expected int, got 1.5']);
  });

  test('cuts long values and survives values without a JSON form', () => {
    const long = describeValue('x'.repeat(500));
    assert.equal(long?.length, 80);
    assert.ok(long?.endsWith('...'));
    assert.equal(describeValue(10n), '10');
    assert.equal(describeValue(undefined), undefined);
  });

  test('words unknown keys of a stripping schema as a strict schema does', () => {
    assert.deepEqual(unknownFields(['epoch'], { prefix: 'params', knownKeys: ['epochs'] }), ['params.epoch: unknown field (known: epochs)']);
  });
});

describe('the model-name rule', () => {
  test('accepts the names runs use and refuses upper case, dots, spaces and long names', () => {
    for (const name of ['spam', 'good', 'gated', 'versioned-new', 'replay-chain', 'crm_q', '0day', 'a'.repeat(63)]) {
      assert.ok(ModelNameSchema.safeParse(name).success, name);
    }
    for (const name of ['Spam', 'spam.v2', 'spam filter', '-spam', '_spam', '', 'a'.repeat(64)]) {
      assert.ok(!ModelNameSchema.safeParse(name).success, name);
    }
  });
});

describe('duration strings', () => {
  test("use parseDuration's grammar and keep the string as written", () => {
    const schema = durationString();
    for (const value of ['500ms', '30s', '5m', '1.5h', '2d', '1 d']) assert.equal(schema.parse(value), value);
    for (const value of ['0s', '5 mins', '1w', '', 'soon']) {
      const result = schema.safeParse(value, { reportInput: true });
      assert.ok(!result.success, value);
      assert.deepEqual(formatZodIssues(result.error, { prefix: 'params.approvalTimeout' }), [
        `params.approvalTimeout: a duration such as 500ms, 30s, 5m, 1h or 2d (got ${JSON.stringify(value)})`,
      ]);
    }
  });
});

test('NaN and Infinity are quoted as themselves, not as the null JSON makes of them', () => {
  const input = { epochs: Number.NaN };
  const message = formatZodIssues(z.object({ epochs: z.number().int() }).safeParse(input).error!.issues, { input }).join('\n');
  assert.match(message, /got NaN/);
  assert.doesNotMatch(message, /got null/);
});
