import type { Checkpoint } from '../ml';
import type { CheckpointStore, CommittedCheckpoint } from './checkpoint-store';

/**
 * Commits each epoch's checkpoint before the next epoch starts, then reports it (heartbeat its
 * ref there). Writing it while the next epoch trained hid the save's cost but left the newest
 * committed checkpoint up to two epochs behind when the worker died (the user measured 1.4
 * epochs redone per crash); a save is now about a tenth of a second (see CheckpointStore), so a
 * crash costs at most the epoch in progress.
 */
export class CheckpointWriter {
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

  /** Commits `checkpoint` and reports it; resolves once it is durable in the store. */
  async submit(checkpoint: Checkpoint): Promise<void> {
    const done = await this.checkpoints.save(checkpoint);
    this.committed = done;
    this.onCommitted(done);
  }
}
