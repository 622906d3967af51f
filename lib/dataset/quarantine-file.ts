import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { ArtifactRef, ArtifactStore } from '../artifacts';

/**
 * Rows set aside while streaming, spooled to a temp file (a bad source can hold millions of them,
 * so they never accumulate in memory) and committed as one JSONL artifact at the end.
 */
export class QuarantineFile {
  count = 0;
  readonly reasons: Record<string, number> = {};
  private dir: string | undefined;
  private out: WriteStream | undefined;

  async add(reason: string, row: Record<string, unknown>): Promise<void> {
    this.count++;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
    if (!this.out) {
      this.dir = await mkdtemp(join(tmpdir(), 'factory-quarantine-'));
      this.out = createWriteStream(join(this.dir, 'rows.jsonl'));
    }
    if (!this.out.write(`${JSON.stringify({ reason, ...row })}\n`)) await once(this.out, 'drain');
  }

  /** Commits the spooled rows under `key`; undefined when nothing was quarantined. */
  async commit(store: ArtifactStore, key: string): Promise<ArtifactRef | undefined> {
    if (!this.out || !this.dir) return undefined;
    this.out.end();
    await once(this.out, 'finish');
    return store.put(key, createReadStream(join(this.dir, 'rows.jsonl')), { contentType: 'application/x-ndjson' });
  }

  async dispose(): Promise<void> {
    this.out?.destroy();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
