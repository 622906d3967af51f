import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CopyObjectCommand, DeleteObjectCommand, HeadBucketCommand, HeadObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { checkKey, toReadable } from './body';
import { ArtifactConflictError, ArtifactNotFoundError, ArtifactStoreUnavailableError } from './errors';
import { HashingStream, verified } from './hashing';
import { withSpan } from '../tracing/span';
import type { ArtifactBody, ArtifactRef, ArtifactStore, PutOptions } from './types';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix without leading or trailing `/`; may be empty. */
  prefix: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * Artifacts in S3 or an S3-compatible server. Bytes stream to a staging key through a multipart
 * upload (constant memory), then a server-side copy publishes them under the final key with the
 * sha256 in the object metadata, so the final key only ever holds complete, hashed content. The
 * copy is conditional (`If-None-Match: *`), so a committed key is never overwritten.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly location: string;
  private readonly client: S3Client;

  constructor(private readonly options: S3StoreOptions) {
    this.location = `s3://${options.bucket}${options.prefix ? `/${options.prefix}` : ''}`;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
    });
  }

  private fullKey(key: string): string {
    checkKey(key);
    return this.options.prefix ? `${this.options.prefix}/${key}` : key;
  }

  uriFor(key: string): string {
    return `s3://${this.options.bucket}/${this.fullKey(key)}`;
  }

  /** The object key of a URI inside this store's bucket and prefix; anything else is refused before any request. */
  private objectKey(uri: string): string {
    const inside = `${this.location}/`;
    if (!uri.startsWith(inside)) throw new Error(`artifact URI "${uri}" is not inside this store (${this.location})`);
    return this.fullKey(uri.slice(inside.length));
  }

  async put(key: string, body: ArtifactBody, options: PutOptions = {}): Promise<ArtifactRef> {
    return withSpan('artifact.put', { 'artifact.store': 's3', 'artifact.uri': this.uriFor(key) }, () => this.putUntraced(key, body, options));
  }

  private async putUntraced(key: string, body: ArtifactBody, options: PutOptions = {}): Promise<ArtifactRef> {
    const uri = this.uriFor(key);
    const staging = this.fullKey(`.staging/${randomUUID()}`);
    const hashing = new HashingStream();
    const source = toReadable(body);
    source.once('error', (err) => hashing.destroy(err));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: staging, Body: source.pipe(hashing), ContentType: options.contentType },
      queueSize: 2,
      partSize: 8 * 1024 * 1024,
    });
    try {
      await upload.done();
      const ref: ArtifactRef = { uri, sha256: hashing.sha256, sizeBytes: hashing.sizeBytes };
      const existing = await this.stat(uri);
      if (existing) {
        if (existing.sha256 !== ref.sha256) throw new ArtifactConflictError(uri, existing.sha256, ref.sha256);
        return existing;
      }
      try {
        await this.client.send(
          new CopyObjectCommand({
            Bucket: this.options.bucket,
            Key: this.objectKey(uri),
            CopySource: `${this.options.bucket}/${encodeURIComponent(staging).replace(/%2F/g, '/')}`,
            MetadataDirective: 'REPLACE',
            Metadata: { sha256: ref.sha256, size: String(ref.sizeBytes) },
            ContentType: options.contentType,
            // The check above can race another writer: only the server can make "create unless
            // it exists" one step, so the loser gets 412 and compares with what won.
            IfNoneMatch: '*',
          }),
        );
      } catch (err) {
        if (httpStatus(err) !== 412) throw err;
        const winner = await this.stat(uri);
        if (winner?.sha256 !== ref.sha256) throw new ArtifactConflictError(uri, winner?.sha256 ?? 'unknown (an object this store did not write)', ref.sha256);
        return winner;
      }
      return ref;
    } finally {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: staging })).catch(() => undefined);
    }
  }

  async stat(uri: string): Promise<ArtifactRef | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(uri) }));
      const sha256 = head.Metadata?.sha256;
      // An object without our metadata was not written by this store: treat it as absent.
      if (!sha256) return undefined;
      return { uri, sha256, sizeBytes: Number(head.ContentLength ?? head.Metadata?.size ?? 0) };
    } catch (err) {
      if (httpStatus(err) === 404) return undefined;
      throw err;
    }
  }

  async openRead(uri: string, expectedSha256?: string): Promise<Readable> {
    return withSpan('artifact.open_read', { 'artifact.store': 's3', 'artifact.uri': uri }, () => this.openReadUntraced(uri, expectedSha256));
  }

  private async openReadUntraced(uri: string, expectedSha256?: string): Promise<Readable> {
    const ref = await this.stat(uri);
    if (!ref) throw new ArtifactNotFoundError(uri);
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(uri) }));
    return verified(object.Body as Readable, uri, expectedSha256 ?? ref.sha256);
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (err) {
      const status = httpStatus(err);
      const reason =
        status === 404 ? 'bucket does not exist' : status === 403 ? 'access denied (check AWS credentials)' : (err as Error).message || (err as Error).name;
      throw new ArtifactStoreUnavailableError(
        `S3 artifact store ${this.location} at ${this.options.endpoint ?? `region ${this.options.region}`} is unavailable: ${reason}`,
        this.location,
        { cause: err },
      );
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
