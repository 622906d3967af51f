import { ApplicationFailure } from '@temporalio/common';
import { DatasetManifestSchema, psi, scanDataset, type TextProfile } from '../../lib/dataset';
import { ModelRegistry } from '../../lib/registry';
import { checkSource, parseSourceConfig, SourceConfigError, SourceNotFoundError, type SourceConfig } from '../../lib/source';
import { activityContext } from '../data/activity-context';
import { parseInput } from '../data/data-inputs';
import type { ActivityDeps } from '../deps';
import { DRIFT_FAILURE_TYPES } from '../../workflows/drift/drift-failure-types';
import { profileRecentEvents } from './recent-profile';
import { MeasureDriftInputSchema, type MeasureDriftInput } from './drift-inputs';
import { sharedComputePool } from '../../lib/compute';

const DAY_MS = 86_400_000;

/** Population stability index of each compared feature, recent events against the snapshot. */
export interface DriftPsi {
  label: number;
  textLength: number;
  tokens: number;
}

export interface MeasureDriftResult {
  modelName: string;
  /** The champion whose training snapshot is the reference; null when the model has none. */
  champion: { version: number; datasetUri: string; datasetSha256: string; rows: number } | null;
  /** The recent events compared. */
  window: { start: string; end: string };
  recentRows: number;
  /** Per feature; null when there was nothing to compare. */
  psi: DriftPsi | null;
  /** The largest PSI, what the threshold is applied to; null when there was nothing to compare. */
  score: number | null;
  /** Why there is no score (no champion, too few recent events), or what the score is. */
  reason: string;
}

/** The source errors a retry cannot fix, as the non-retryable failures the DAG lists; others unchanged. */
export function sourceFailure(err: unknown): unknown {
  if (err instanceof SourceConfigError) return ApplicationFailure.nonRetryable(err.message, DRIFT_FAILURE_TYPES.sourceConfigInvalid);
  if (err instanceof SourceNotFoundError) return ApplicationFailure.nonRetryable(err.message, DRIFT_FAILURE_TYPES.sourceNotFound);
  return err;
}

function comparePsi(reference: TextProfile, recent: TextProfile): DriftPsi {
  return {
    label: psi(reference.labelCounts, recent.labelCounts),
    textLength: psi(reference.lengthCounts, recent.lengthCounts),
    tokens: psi(reference.tokenCounts, recent.tokenCounts),
  };
}

export function createMeasureDrift({ pool: metadataPool, sourcePool, source: configuredSource, store, logger }: ActivityDeps) {
  // The registry lives in the metadata database; events come from the same source extraction reads.
  const registry = new ModelRegistry(metadataPool);
  const pool = sourcePool ?? metadataPool;
  /**
   * measure_drift: the last `lookbackDays` of source events before the logical date against the
   * champion's training snapshot (read from the registry's dataset manifest), as PSI of the label
   * ratio, text lengths and hashed tokens. Read-only, so a retry repeats it exactly.
   */
  return async function measureDrift(input: MeasureDriftInput): Promise<MeasureDriftResult> {
    const valid = parseInput(MeasureDriftInputSchema, input, 'measureDrift', DRIFT_FAILURE_TYPES.invalidInput);
    const { modelName, logicalDate, lookbackDays, minRecentRows } = valid;
    const end = new Date(logicalDate);
    const window = { start: new Date(end.getTime() - lookbackDays * DAY_MS).toISOString(), end: end.toISOString() };
    const base = { modelName, window };
    const champion = await registry.getChampion(modelName);
    if (!champion)
      return {
        ...base,
        champion: null,
        recentRows: 0,
        psi: null,
        score: null,
        reason: `model "${modelName}" has no champion: nothing to compare with, so no drift`,
      };

    let source: SourceConfig;
    try {
      source = parseSourceConfig(configuredSource);
      await checkSource(pool, source);
    } catch (err) {
      throw sourceFailure(err);
    }
    const manifest = DatasetManifestSchema.loose().parse(champion.dataset.manifest);
    const ctx = activityContext();
    const progress = (phase: 'snapshot' | 'recent') => ({
      ...(ctx ? { signal: ctx.cancellationSignal } : {}),
      onProgress: (rowsDone: number) => ctx?.heartbeat({ phase, rowsDone }),
    });
    ctx?.heartbeat({ phase: 'snapshot', rowsDone: 0 });
    // Scanned in a compute thread, as validate_dataset does: never on the workflow worker's event loop.
    const snapshot = { ...progress('snapshot'), compute: sharedComputePool() };
    const reference = (await scanDataset(store, manifest.dataUri, manifest.sha256, 0, undefined, snapshot)).profile;
    ctx?.heartbeat({ phase: 'recent', rowsDone: 0 });
    const recent = await profileRecentEvents(pool, source, window, progress('recent'));
    const championRef = { version: champion.version, datasetUri: manifest.dataUri, datasetSha256: manifest.sha256, rows: reference.rows };
    if (recent.rows < minRecentRows) {
      return {
        ...base,
        champion: championRef,
        recentRows: recent.rows,
        psi: null,
        score: null,
        reason: `${recent.rows} recent events, fewer than minRecentRows ${minRecentRows}: no verdict`,
      };
    }
    const values = comparePsi(reference, recent);
    const score = Math.max(values.label, values.textLength, values.tokens);
    const shown = (v: number) => v.toFixed(4);
    logger.info({ modelName, modelVersion: champion.version, score, recentRows: recent.rows }, 'drift measured');
    return {
      ...base,
      champion: championRef,
      recentRows: recent.rows,
      psi: values,
      score,
      reason: `max PSI ${shown(score)} (label ${shown(values.label)}, text length ${shown(values.textLength)}, tokens ${shown(values.tokens)}) over ${recent.rows} events vs champion v${champion.version}'s ${reference.rows}`,
    };
  };
}
