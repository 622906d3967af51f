import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { jsonlLines } from '../../../lib/dataset';

async function collect(chunks: Buffer[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of jsonlLines(Readable.from(chunks))) lines.push(line);
  return lines;
}

describe('jsonlLines', () => {
  test('keeps a multi-byte character whole when a chunk boundary splits it', async () => {
    const bytes = Buffer.from('{"text":"café 日本 😀"}\n{"text":"naïve"}\n', 'utf8');
    // Cut inside every character: each byte is its own chunk.
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    assert.deepEqual(await collect(chunks), ['{"text":"café 日本 😀"}', '{"text":"naïve"}']);
  });

  test('keeps a split character in a last line that has no newline', async () => {
    const bytes = Buffer.from('{"a":1}\n{"text":"é"}', 'utf8');
    const cut = bytes.length - 3; // between the two bytes of "é"
    assert.deepEqual(await collect([bytes.subarray(0, cut), bytes.subarray(cut)]), ['{"a":1}', '{"text":"é"}']);
  });

  test('skips empty lines', async () => {
    assert.deepEqual(await collect([Buffer.from('a\n\nb\n')]), ['a', 'b']);
  });
});
