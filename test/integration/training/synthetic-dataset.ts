import { createHash } from 'node:crypto';
import type { ArtifactStore } from '../../../lib/artifacts';
import type { DatasetManifest, DatasetRow, Interval } from '../../../lib/dataset';
import { syntheticMails, type Sample } from '../../../lib/ml';

const WEEK_MS = 7 * 24 * 3_600_000;

export interface SyntheticDatasetOptions {
  readonly count: number;
  readonly seed: number;
  /** Weeks the rows are spread over, ending at `end`. @default 4 */
  readonly weeks?: number;
  /** @default 2026-03-02T00:00:00.000Z, a Monday */
  readonly end?: string;
  /** Replaces the generated mails (e.g. to build a one-label set). */
  readonly samples?: readonly Sample[];
}

/**
 * Writes `syntheticMails` as a dataset artifact the way extraction does (JSONL ordered by event
 * time, then id) and returns its manifest. Rows are spread evenly over the interval, so a
 * one-week holdout of a four-week window holds about a quarter of them.
 */
export async function writeSyntheticDataset(store: ArtifactStore, key: string, options: SyntheticDatasetOptions): Promise<DatasetManifest> {
  const weeks = options.weeks ?? 4;
  const endMs = Date.parse(options.end ?? '2026-03-02T00:00:00.000Z');
  const startMs = endMs - weeks * WEEK_MS;
  const samples = options.samples ?? syntheticMails({ count: options.count, seed: options.seed });
  const step = (endMs - startMs) / samples.length;
  const rows: DatasetRow[] = samples.map((s, i) => ({
    id: `mail-${String(i).padStart(6, '0')}`,
    text: s.text,
    label: s.label,
    eventTime: new Date(Math.floor(startMs + i * step)).toISOString(),
    source: 'synthetic',
  }));
  const body = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const ref = await store.put(key, body, { contentType: 'application/x-ndjson' });
  const interval: Interval = { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
  return {
    kind: 'dataset',
    dataUri: ref.uri,
    sha256: createHash('sha256').update(body).digest('hex'),
    sizeBytes: ref.sizeBytes,
    interval,
    dataInterval: { start: new Date(endMs - WEEK_MS).toISOString(), end: interval.end },
    query: 'syntheticMails (test fixture)',
    rowCount: rows.length,
    labelCounts: { '0': rows.filter((r) => r.label === 0).length, '1': rows.filter((r) => r.label === 1).length },
  };
}

/** A small, fast classifier config for tests: a few thousand buckets keep checkpoints tiny. */
export const SMALL_CONFIG = { epochs: 4, batchSize: 16, learningRate: 10, embeddingDim: 8, buckets: 4096, maxTokens: 200, seed: 7 } as const;
