import type { Checkpoint } from '../ml';
import type { CheckpointStore, CommittedCheckpoint } from './checkpoint-store';

/**
 * Writes each epoch's checkpoint while the next epoch trains: serialising, gzipping and
 * uploading 22 MB would otherwise stall training for about as long as an epoch takes. At most
 * one write is in flight, so memory stays bounded and a failed write surfaces at the next epoch.
 */
export class CheckpointWriter {
  private inFlight: Promise<CommittedCheckpoint> | undefined;
  private committed: CommittedCheckpoint | undefined;

  constructor(
    private readonly checkpoints: CheckpointStore,
    resumedFrom: CommittedCheckpoint | undefined,
    /** Called as soon as a checkpoint is committed: heartbeat its ref here. */
    private readonly onCommitted: (checkpoint: CommittedCheckpoint) => void,
  ) {
    this.committed = resumedFrom;
  }

  /** The newest checkpoint known to be committed. */
  get latest(): CommittedCheckpoint | undefined {
    return this.committed;
  }

  /** Waits for the previous write (rethrowing its error), then starts writing `checkpoint`. */
  async submit(checkpoint: Checkpoint): Promise<void> {
    await this.drain();
    const write = this.checkpoints.save(checkpoint).then((done) => {
      this.committed = done;
      this.onCommitted(done);
      return done;
    });
    // Observed by the next drain; until then a rejection must not count as unhandled.
    write.catch(() => undefined);
    this.inFlight = write;
  }

  /** Waits until every submitted checkpoint is committed; rethrows a failed write. */
  async drain(): Promise<CommittedCheckpoint | undefined> {
    const write = this.inFlight;
    this.inFlight = undefined;
    if (write !== undefined) await write;
    return this.committed;
  }
}
