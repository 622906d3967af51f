import type { Context } from '@temporalio/activity';
import type { CommittedCheckpoint } from '../../lib/training';
import type { TrainingHeartbeat } from './training-types';

type Progress = Omit<TrainingHeartbeat, 'checkpoint'>;

/**
 * Heartbeats training progress at most every `intervalMs` (a batch takes milliseconds; each
 * heartbeat is serialised), and always when asked to or when a checkpoint commits. Every
 * heartbeat carries the newest committed checkpoint, because a retry sees only the last one.
 */
export class TrainingHeartbeater {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private progress: Progress = { phase: 'reading' };

  constructor(
    private readonly context: Context,
    private readonly intervalMs: number,
    private checkpoint: CommittedCheckpoint | undefined,
  ) {}

  report(progress: Progress, force = false): void {
    this.progress = progress;
    if (force || performance.now() - this.lastSentAt >= this.intervalMs) this.send();
  }

  committed(checkpoint: CommittedCheckpoint): void {
    this.checkpoint = checkpoint;
    this.send();
  }

  private send(): void {
    this.lastSentAt = performance.now();
    const details: TrainingHeartbeat = this.checkpoint ? { ...this.progress, checkpoint: this.checkpoint } : this.progress;
    this.context.heartbeat(details);
  }
}
