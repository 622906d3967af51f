import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * Splits JSONL bytes fed in chunks into lines (without the newline; blank lines dropped), so
 * memory stays one chunk. Synchronous, for callers that run in a compute thread.
 */
export class JsonlSplitter {
  // A chunk boundary can fall inside a multi-byte character: the streaming decoder keeps the
  // partial bytes for the next chunk instead of turning them into U+FFFD.
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  /** The complete lines in `chunk` and what came before it. */
  push(chunk: Uint8Array): string[] {
    const lines = (this.rest + this.decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))).split('\n');
    this.rest = lines.pop()!;
    return lines.filter((line) => line.length > 0);
  }

  /** The line after the last newline, if any. */
  end(): string[] {
    const last = this.rest + this.decoder.end();
    this.rest = '';
    return last.length > 0 ? [last] : [];
  }
}

/** Yields the lines of a stream (without the newline), splitting on bytes so memory stays one chunk. */
export async function* jsonlLines(stream: Readable): AsyncGenerator<string> {
  const splitter = new JsonlSplitter();
  for await (const chunk of stream) yield* splitter.push(chunk as Buffer);
  yield* splitter.end();
}
