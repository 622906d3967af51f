import { Readable } from 'node:stream';
import type { Pool } from 'pg';
import Cursor from 'pg-cursor';
import type { Logger } from 'pino';
import { readAll, type ArtifactRef, type ArtifactStore } from '../artifacts';
import { defaultSourceName, extractionSql, sourceFingerprint, type SourceConfig } from '../source';
import { datasetPrefix } from './dataset-keys';
import { DatasetManifestSchema, LONG_TEXT_CHARS, type DatasetManifest, type Interval } from './dataset-types';
import { QuarantineFile } from './quarantine-file';

export interface ExtractDatasetOptions {
  pool: Pool;
  store: ArtifactStore;
  logger: Logger;
  source: SourceConfig;
  modelName: string;
  /** Rows are drawn from [window.start, window.end). */
  window: Interval;
  /** The run's own interval, recorded for lineage. */
  dataInterval: Interval;
  /** Rows fetched per cursor round trip. @default 5000 */
  batchSize?: number;
  /** Called after each batch with the rows read so far (the activity heartbeats from here). */
  onProgress?: (rowsRead: number) => void;
  /** Aborts between batches. */
  signal?: AbortSignal;
}

export interface ExtractDatasetResult {
  manifest: DatasetManifest;
  manifestRef: ArtifactRef;
  /** True when the manifest was already committed and returned without reading the source. */
  reused: boolean;
}

const MAX_UNMAPPED_SHOWN = 20;

type Row = [id: string | null, text: string | null, label: string | null, eventTime: string | null, source: string | null];

function quarantineReason(row: Row, label: 0 | 1 | undefined): string | undefined {
  if (row[0] === null) return 'null-id';
  if (row[1] === null) return 'null-text';
  if (row[3] === null) return 'null-event-time';
  if (row[2] === null) return 'null-label';
  if (label === undefined) return 'unmapped-label';
  return undefined;
}

/**
 * Streams one training window from the source into a JSONL dataset artifact, a quarantine
 * artifact for rows it cannot use, and a manifest. Memory stays constant: a server-side cursor
 * feeds the artifact store batch by batch. Idempotent: same window and source → same keys and,
 * while the source rows are unchanged, the same bytes.
 */
export async function extractDataset(options: ExtractDatasetOptions): Promise<ExtractDatasetResult> {
  const { pool, store, source, window } = options;
  const fingerprint = sourceFingerprint(source);
  const prefix = datasetPrefix(options.modelName, window, fingerprint);
  const manifestUri = store.uriFor(`${prefix}/manifest.json`);
  const committed = await store.stat(manifestUri);
  if (committed) {
    const manifest = DatasetManifestSchema.parse(JSON.parse((await readAll(await store.openRead(manifestUri, committed.sha256))).toString('utf8')));
    return { manifest, manifestRef: committed, reused: true };
  }

  const sql = extractionSql(source);
  const labels = new Map<string, 0 | 1>([
    ...source.labelMapping.positive.map((v) => [v, 1] as const),
    ...source.labelMapping.negative.map((v) => [v, 0] as const),
  ]);
  const fallbackSource = defaultSourceName(source);
  const batchSize = options.batchSize ?? 5_000;
  const labelCounts = { '0': 0, '1': 0 };
  const quarantine = new QuarantineFile();
  let rowCount = 0;
  let rowsRead = 0;
  const unmapped = new Map<string, number>();
  const textStats = { empty: 0, overLong: 0, longestChars: 0 };

  const client = await pool.connect();
  let failure: Error | undefined;
  // The source is only read: a query that writes fails here instead of changing the source.
  await client.query('BEGIN READ ONLY');
  const cursor = client.query(new Cursor<Row>(sql, [window.start, window.end], { rowMode: 'array' }));
  async function* lines(): AsyncGenerator<Buffer> {
    for (;;) {
      options.signal?.throwIfAborted();
      const rows = await cursor.read(batchSize);
      if (rows.length === 0) return;
      let chunk = '';
      for (const row of rows) {
        const label = row[2] === null ? undefined : labels.get(row[2]);
        const reason = quarantineReason(row, label);
        if (reason) {
          if (reason === 'unmapped-label') unmapped.set(String(row[2]), (unmapped.get(String(row[2])) ?? 0) + 1);
          await quarantine.add(reason, { id: row[0], text: row[1], label: row[2], eventTime: row[3], source: row[4] });
          continue;
        }
        // Same bytes as JSON.stringify({ id, text, label, eventTime, source }); eventTime is plain ASCII from to_char.
        chunk += `{"id":${JSON.stringify(row[0])},"text":${JSON.stringify(row[1])},"label":${label},"eventTime":"${row[3]}","source":${JSON.stringify(row[4] ?? fallbackSource)}}\n`;
        const text = row[1]!;
        if (text.trim() === '') textStats.empty++;
        if (text.length > LONG_TEXT_CHARS) textStats.overLong++;
        if (text.length > textStats.longestChars) textStats.longestChars = text.length;
        labelCounts[label === 1 ? '1' : '0']++;
        rowCount++;
      }
      rowsRead += rows.length;
      options.onProgress?.(rowsRead);
      yield Buffer.from(chunk);
    }
  }

  try {
    const data = await store.put(`${prefix}/events.jsonl`, Readable.from(lines()), { contentType: 'application/x-ndjson' });
    const quarantined = await quarantine.commit(store, `${prefix}/quarantine.jsonl`);
    const manifest: DatasetManifest = {
      kind: 'dataset',
      dataUri: data.uri,
      sha256: data.sha256,
      sizeBytes: data.sizeBytes,
      interval: window,
      dataInterval: options.dataInterval,
      query: sql,
      rowCount,
      labelCounts,
      quarantine: {
        count: quarantine.count,
        reasons: quarantine.reasons,
        ...(unmapped.size > 0 ? { unmappedLabels: mostFrequent(unmapped, MAX_UNMAPPED_SHOWN) } : {}),
        ...(quarantined ? { uri: quarantined.uri, sha256: quarantined.sha256 } : {}),
      },
      textStats,
      sourceFingerprint: fingerprint,
    };
    const manifestRef = await store.put(`${prefix}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`, { contentType: 'application/json' });
    options.logger.info({ modelName: options.modelName, artifactUri: data.uri, rowCount, quarantined: quarantine.count }, 'dataset extracted');
    if (unmapped.size > 0) {
      options.logger.warn(
        { modelName: options.modelName, unmappedLabels: manifest.quarantine?.unmappedLabels },
        'rows with labels not in labelMapping were left out',
      );
    }
    return { manifest, manifestRef, reused: false };
  } catch (err) {
    failure = err as Error;
    throw err;
  } finally {
    await cursor.close().catch(() => undefined);
    await client.query('ROLLBACK').catch(() => undefined);
    // A connection that failed mid-stream is discarded rather than returned to the pool.
    client.release(failure);
    await quarantine.dispose();
  }
}

function mostFrequent(counts: Map<string, number>, n: number): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n));
}
