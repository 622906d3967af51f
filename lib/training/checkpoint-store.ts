import { parseCheckpoint, type Checkpoint } from '../ml';
import type { ArtifactRef, ArtifactStore } from '../artifacts';
import { readArtifactJson, gzipJson } from './artifact-json';
import { checkpointKey } from './artifact-keys';

/** A checkpoint known to be committed: what the training activity heartbeats. */
export interface CommittedCheckpoint {
  readonly epoch: number;
  readonly ref: ArtifactRef;
}

/**
 * The checkpoints of one training run, as gzipped JSON under `checkpoints/<runKey>/`. A
 * checkpoint is about 22 MB of JSON with the default config; gzip takes a quarter off.
 */
export class CheckpointStore {
  constructor(
    private readonly store: ArtifactStore,
    readonly runKey: string,
  ) {
    checkpointKey(runKey, 1);
  }

  async save(checkpoint: Checkpoint): Promise<CommittedCheckpoint> {
    const ref = await this.store.put(checkpointKey(this.runKey, checkpoint.epoch), await gzipJson(checkpoint), {
      contentType: 'application/gzip',
    });
    return { epoch: checkpoint.epoch, ref };
  }

  async load(committed: CommittedCheckpoint): Promise<Checkpoint> {
    return parseCheckpoint(await readArtifactJson(this.store, committed.ref));
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
