import type { Readable } from 'node:stream';

/** Yields the lines of a stream (without the newline), splitting on bytes so memory stays one chunk. */
export async function* jsonlLines(stream: Readable): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of stream) {
    const text = rest + (chunk as Buffer).toString('utf8');
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line.length > 0) yield line;
  }
  if (rest.length > 0) yield rest;
}
