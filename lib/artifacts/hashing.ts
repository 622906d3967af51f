import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { ArtifactIntegrityError } from './errors';

/** Pass-through that hashes and counts what flows through it. */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  sizeBytes = 0;
  private digestHex: string | undefined;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.sizeBytes += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.digestHex = this.hash.digest('hex');
    done();
  }

  /** The hex digest; only valid once the stream has ended. */
  get sha256(): string {
    if (this.digestHex === undefined) throw new Error('HashingStream.sha256 read before the stream ended');
    return this.digestHex;
  }
}

/** Pass-through that fails at the end of the stream when the bytes do not hash to `expected`. */
export class VerifyingStream extends Transform {
  private readonly hash = createHash('sha256');

  constructor(
    private readonly uri: string,
    private readonly expected: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const actual = this.hash.digest('hex');
    done(actual === this.expected ? null : new ArtifactIntegrityError(this.uri, this.expected, actual));
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Pipes `source` through a VerifyingStream, forwarding source errors so readers see them. */
export function verified(source: Readable, uri: string, expectedSha256: string): Readable {
  const check = new VerifyingStream(uri, expectedSha256);
  source.once('error', (err) => check.destroy(err));
  check.once('close', () => source.destroy());
  return source.pipe(check);
}
