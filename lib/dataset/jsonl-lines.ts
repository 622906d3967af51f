import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** Yields the lines of a stream (without the newline), splitting on bytes so memory stays one chunk. */
export async function* jsonlLines(stream: Readable): AsyncGenerator<string> {
  // A chunk boundary can fall inside a multi-byte character: the streaming decoder keeps the
  // partial bytes for the next chunk instead of turning them into U+FFFD.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of stream) {
    const text = rest + decoder.write(chunk as Buffer);
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line.length > 0) yield line;
  }
  rest += decoder.end();
  if (rest.length > 0) yield rest;
}
