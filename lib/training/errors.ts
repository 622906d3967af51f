/**
 * Errors of the Node-side training helpers. The training and evaluation activities turn each
 * into a non-retryable Temporal failure: none of them goes away by running the same input again.
 */

/** Thrown by `readDatasetSplit` when a dataset artifact holds a row that is not a `DatasetRow`. */
export class DatasetFormatError extends Error {
  override readonly name = 'DatasetFormatError';
  constructor(
    readonly dataUri: string,
    /** 1-based line of the JSONL file; 0 when the problem is the file as a whole. */
    readonly line: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(line > 0 ? `dataset ${dataUri} line ${line}: ${detail}` : `dataset ${dataUri}: ${detail}`, options);
  }
}

/** Thrown by the activities before any work when the rows cannot train or evaluate a binary classifier. */
export class InsufficientDataError extends Error {
  override readonly name = 'InsufficientDataError';
  constructor(
    /** `training` or `holdout`: which side of the time split is too small. */
    readonly part: 'training' | 'holdout',
    readonly rows: number,
    readonly labelCounts: readonly [number, number],
    why: string,
  ) {
    super(`${part} rows are not enough: ${why} (got ${rows} rows: ${labelCounts[0]} with label 0, ${labelCounts[1]} with label 1)`);
  }
}

/** Thrown by `holdoutWindow` and `assertHoldoutWindow` when a holdout cannot be cut from an interval. */
export class InvalidHoldoutError extends Error {
  override readonly name = 'InvalidHoldoutError';
}

/** Thrown by the artifact-key helpers when a run key cannot be part of an artifact key. */
export class InvalidRunKeyError extends Error {
  override readonly name = 'InvalidRunKeyError';
  constructor(readonly runKey: string) {
    super(
      `runKey ${JSON.stringify(runKey)} is invalid: expected '/'-separated segments without backslashes, control ` +
        "characters, surrounding spaces or empty, '.' and '..' segments, at most 400 characters, " +
        'e.g. "weekly_retraining/spam/2026-W09/train_model"',
    );
  }
}

/** Thrown by `readArtifactJson` when an artifact's bytes are not (gzipped) JSON. */
export class ArtifactFormatError extends Error {
  override readonly name = 'ArtifactFormatError';
  constructor(
    readonly uri: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`artifact ${uri} is not readable JSON: ${detail}`, options);
  }
}
