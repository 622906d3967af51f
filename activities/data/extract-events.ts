import { ApplicationFailure } from '@temporalio/common';
import { ArtifactConflictError, type ArtifactRef } from '../../lib/artifacts';
import { extractDataset, type DatasetManifest } from '../../lib/dataset';
import { checkSource, parseSourceConfig, SourceConfigError, SourceNotFoundError, type SourceConfig } from '../../lib/source';
import type { ActivityDeps } from '../deps';
import { recordExtraction } from '../../lib/metrics';
import { recordSpan } from '../../lib/tracing/span';
import { activityContext } from './activity-context';
import { ExtractEventsInputSchema, parseInput, type ExtractEventsInput } from './data-inputs';
import { trainingWindow } from '../../common/time';

export interface ExtractEventsResult {
  manifest: DatasetManifest;
  manifestRef: ArtifactRef;
  /** True when this interval's snapshot was already committed (a retry after a crash, or a re-run). */
  reused: boolean;
}

/** Heartbeat details, so a retry can log how far the previous attempt got. */
export interface ExtractHeartbeat {
  rowsRead: number;
}

export function createExtractEvents({ pool: metadataPool, sourcePool, source: configuredSource, store, logger }: ActivityDeps) {
  const pool = sourcePool ?? metadataPool;
  /**
   * extract_events: the training window [dataInterval.end − trainingWeeks weeks, dataInterval.end)
   * streamed from the source into a dataset artifact and manifest. Bad input or a missing source
   * fails without retries; an unreachable database is a plain error, so Temporal retries it.
   */
  return async function extractEvents(input: ExtractEventsInput): Promise<ExtractEventsResult> {
    const valid = parseInput(ExtractEventsInputSchema, input, 'extractEvents');
    const { modelName, dataInterval, trainingWeeks, runKey } = valid;
    const ctx = activityContext();
    const previous = ctx?.info.heartbeatDetails as ExtractHeartbeat | undefined;
    if (previous) logger.info({ modelName, runKey, rowsRead: previous.rowsRead }, 'extraction restarts its stream after a retry');
    let source: SourceConfig;
    try {
      source = parseSourceConfig(configuredSource);
      await checkSource(pool, source);
    } catch (err) {
      if (err instanceof SourceConfigError || err instanceof SourceNotFoundError) {
        throw ApplicationFailure.nonRetryable(err.message, err.name, { fields: err instanceof SourceConfigError ? err.fields : err.missingColumns });
      }
      throw err;
    }
    const end = new Date(dataInterval.end);
    const window = trainingWindow(dataInterval, trainingWeeks);
    const started = performance.now();
    try {
      const extracted = await extractDataset({
        pool,
        store,
        logger,
        source,
        modelName,
        window,
        dataInterval: { start: new Date(dataInterval.start).toISOString(), end: end.toISOString() },
        onProgress: (rowsRead) => ctx?.heartbeat({ rowsRead } satisfies ExtractHeartbeat),
        signal: ctx?.cancellationSignal,
      });
      if (!extracted.reused) recordExtraction(modelName, extracted.manifest.rowCount, (performance.now() - started) / 1000);
      const extractAttributes = { 'db.system': 'postgresql', 'model.name': modelName, 'db.rows': extracted.manifest.rowCount, reused: extracted.reused };
      recordSpan('db.extract_events', extractAttributes, (performance.now() - started) / 1000);
      return extracted;
    } catch (err) {
      if (err instanceof ArtifactConflictError) {
        // The source changed under an interval already extracted; overwriting would break lineage.
        throw ApplicationFailure.nonRetryable(
          `dataset for ${modelName} ${window.start}..${window.end} already exists with different bytes: the source rows changed since it was extracted (${err.message})`,
          'DatasetConflict',
        );
      }
      throw err;
    }
  };
}
