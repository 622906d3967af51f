import type { Interval } from './dataset-types';

/** `2002-08-05T00:00:00.000Z` → `20020805T000000Z`: sortable and safe in S3 keys and file names. */
export function compactTime(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Folder of one dataset snapshot. Derived only from the model, the window and the source
 * fingerprint, so re-running an interval writes to the same keys (and, with the same rows, the
 * same bytes: the artifact store makes that a no-op).
 */
export function datasetPrefix(modelName: string, window: Interval, sourceFingerprint: string): string {
  return `datasets/${modelName}/${compactTime(window.start)}_${compactTime(window.end)}/${sourceFingerprint}`;
}
