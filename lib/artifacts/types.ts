import type { Readable } from 'node:stream';
import { z } from 'zod';

/** What a committed artifact is known by: pass this (small JSON) through workflows, never the bytes. */
export interface ArtifactRef {
  /** `file:///...` or `s3://bucket/key`. */
  readonly uri: string;
  /** Hex sha256 of the bytes; readers verify it. */
  readonly sha256: string;
  readonly sizeBytes: number;
}

/**
 * An `ArtifactRef` arriving from outside (an activity input, a workflow, a UI, another service, a
 * registry row): the one schema for it.
 */
export const ArtifactRefSchema = z.object({
  uri: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  sizeBytes: z.number().int().nonnegative(),
}) satisfies z.ZodType<ArtifactRef>;

export type ArtifactBody = Readable | Buffer | string;

export interface PutOptions {
  contentType?: string;
}

/**
 * Artifact storage with one contract for every backend: a write is invisible until committed
 * (no reader ever sees a partial artifact), a committed artifact is immutable, and every read
 * is checked against its sha256.
 */
export interface ArtifactStore {
  /** Human-readable location, e.g. `s3://bucket/prefix` or `file:///abs/path`. */
  readonly location: string;
  /** URI an artifact written under `key` will have (keys are `/`-separated relative paths). */
  uriFor(key: string): string;
  /**
   * Streams `body` to `key` and commits it. Writing identical bytes again is a no-op that returns
   * the same ref (retries are idempotent); different bytes raise ArtifactConflictError.
   */
  put(key: string, body: ArtifactBody, options?: PutOptions): Promise<ArtifactRef>;
  /** Streams an artifact; the stream errors with ArtifactIntegrityError at the end if bytes were altered. */
  openRead(uri: string, expectedSha256?: string): Promise<Readable>;
  /** The committed ref, or undefined when nothing is committed at `uri`. */
  stat(uri: string): Promise<ArtifactRef | undefined>;
  /** Checks reachability and permissions; throws ArtifactStoreUnavailableError. */
  check(): Promise<void>;
}
