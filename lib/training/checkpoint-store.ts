import { promisify } from 'node:util';
import { constants, gunzip, gzip } from 'node:zlib';
import { parseCheckpoint, type Checkpoint } from '../ml';
import { decodeCheckpoint, encodeCheckpoint, isBinaryCheckpoint } from '../ml/checkpoint';
import { readAll, type ArtifactRef, type ArtifactStore } from '../artifacts';
import { checkpointKey } from './artifact-keys';
import { ArtifactFormatError } from './errors';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** A checkpoint known to be committed: what the training activity heartbeats. */
export interface CommittedCheckpoint {
  readonly epoch: number;
  readonly ref: ArtifactRef;
}

/**
 * The checkpoints of one training run under `checkpoints/<runKey>/`: the binary encoding of
 * lib/ml/checkpoint.ts (16.8 MB with the default config) in a gzip member of stored blocks.
 * Deflate finds almost nothing in float32 weights and cost 0.4-0.5 s a save, which training now
 * waits for; the gzip frame still gives a CRC of the contents and opens with `zcat`. Older
 * checkpoints (gzipped JSON) still load, so a run in flight across an upgrade resumes.
 */
export class CheckpointStore {
  constructor(
    private readonly store: ArtifactStore,
    readonly runKey: string,
  ) {
    checkpointKey(runKey, 1);
  }

  async save(checkpoint: Checkpoint): Promise<CommittedCheckpoint> {
    const body = await gzipAsync(encodeCheckpoint(checkpoint), { level: constants.Z_NO_COMPRESSION });
    const ref = await this.store.put(checkpointKey(this.runKey, checkpoint.epoch), body, { contentType: 'application/gzip' });
    return { epoch: checkpoint.epoch, ref };
  }

  async load(committed: CommittedCheckpoint): Promise<Checkpoint> {
    const { uri, sha256 } = committed.ref;
    const bytes = await gunzipAsync(await readAll(await this.store.openRead(uri, sha256))).catch((error: unknown) => {
      throw new ArtifactFormatError(uri, `gunzip failed: ${(error as Error).message}`, { cause: error });
    });
    if (isBinaryCheckpoint(bytes)) return decodeCheckpoint(bytes);
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new ArtifactFormatError(uri, (error as Error).message, { cause: error });
    }
    return parseCheckpoint(json);
  }

  /**
   * The newest committed checkpoint at or after `known` (from the last heartbeat), up to
   * `maxEpoch`. Epochs are written in order, so probing upward from the last known one finds the
   * newest with a stat or two: a worker may die after committing a checkpoint but before its
   * heartbeat reached the server. A `known` ref that no longer matches the store is ignored.
   */
  async newest(known: CommittedCheckpoint | undefined, maxEpoch: number): Promise<CommittedCheckpoint | undefined> {
    let newest: CommittedCheckpoint | undefined;
    if (known !== undefined && known.epoch <= maxEpoch) {
      const current = await this.store.stat(known.ref.uri);
      if (current?.sha256 === known.ref.sha256 && current.uri === this.store.uriFor(checkpointKey(this.runKey, known.epoch))) {
        newest = { epoch: known.epoch, ref: current };
      }
    }
    for (let epoch = (newest?.epoch ?? 0) + 1; epoch <= maxEpoch; epoch++) {
      const ref = await this.store.stat(this.store.uriFor(checkpointKey(this.runKey, epoch)));
      if (ref === undefined) break;
      newest = { epoch, ref };
    }
    return newest;
  }
}
