import type { Pool } from 'pg';
import Cursor from 'pg-cursor';
import { addToProfile, emptyProfile, type Interval, type TextProfile } from '../../lib/dataset';
import { extractionSql, type SourceConfig } from '../../lib/source';

type Row = [id: string | null, text: string | null, label: string | null];

/**
 * Profiles the source's events in [window.start, window.end) with the extraction query, batch by
 * batch through a server-side cursor, so memory stays constant. Rows extraction would quarantine
 * (null text, unmapped label) are left out, as they are left out of training snapshots.
 */
export interface ProfileOptions {
  readonly signal?: AbortSignal;
  /** Rows read so far, after each batch: e.g. to heartbeat. */
  readonly onProgress?: (rows: number) => void;
}

export async function profileRecentEvents(
  pool: Pool,
  source: SourceConfig,
  window: Interval,
  { signal, onProgress }: ProfileOptions = {},
): Promise<TextProfile> {
  const labels = new Map<string, 0 | 1>([
    ...source.labelMapping.positive.map((v) => [v, 1] as const),
    ...source.labelMapping.negative.map((v) => [v, 0] as const),
  ]);
  const profile = emptyProfile();
  const client = await pool.connect();
  let failure: Error | undefined;
  const cursor = client.query(new Cursor<Row>(extractionSql(source), [window.start, window.end], { rowMode: 'array' }));
  let read = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const rows = await cursor.read(5_000);
      if (rows.length === 0) return profile;
      for (const [id, text, rawLabel] of rows) {
        const label = rawLabel === null ? undefined : labels.get(rawLabel);
        if (id !== null && text !== null && label !== undefined) addToProfile(profile, text, label);
      }
      read += rows.length;
      onProgress?.(read);
    }
  } catch (err) {
    failure = err as Error;
    throw err;
  } finally {
    await cursor.close().catch(() => undefined);
    client.release(failure);
  }
}
