import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeXml } from '../../../common/dag/escape-xml';
import { JsonlSplitter } from '../../../lib/dataset/jsonl-lines';
import { syntheticMails } from '../../../lib/ml';
import { countLabels, hasBothLabels } from '../../../lib/ml/sample';
import { syntheticMailStream } from '../../../lib/ml/synthetic-mail';

describe('shared helpers', () => {
  test('the mail stream yields exactly the mails syntheticMails returns', () => {
    assert.deepEqual([...syntheticMailStream({ count: 50, seed: 7 })], syntheticMails({ count: 50, seed: 7 }));
  });

  test('countLabels and hasBothLabels', () => {
    assert.deepEqual(countLabels([{ label: 1 }, { label: 0 }, { label: 1 }]), [1, 2]);
    assert.equal(hasBothLabels([1, 2]), true);
    assert.equal(hasBothLabels([0, 2]), false);
    assert.equal(hasBothLabels([3, 0]), false);
  });

  test('escapeXml escapes both quotes, ampersands and angle brackets', () => {
    assert.equal(escapeXml(`a<b>&"c'`), 'a&#60;b&#62;&#38;&#34;c&#39;');
  });

  test('JsonlSplitter keeps a character cut between chunks and drops blank lines', () => {
    const bytes = Buffer.from('{"t":"é"}\n\n{"t":2}');
    const splitter = new JsonlSplitter();
    const lines = [...splitter.push(bytes.subarray(0, 7)), ...splitter.push(bytes.subarray(7)), ...splitter.end()];
    assert.deepEqual(lines, ['{"t":"é"}', '{"t":2}']);
  });
});
