// Node-only helpers of the training and evaluation activities: the time-based holdout, dataset
// reading, checkpoints over the artifact store, artifact keys. Workflow code must not import this.
export { ArtifactRefSchema } from './artifact-ref-schema';
export { gzipJson, readArtifactJson } from './artifact-json';
export { assertRunKey, checkpointEpochOf, checkpointKey, evaluationArtifactKey, trainingArtifactKey } from './artifact-keys';
export {
  BACKEND_SETTINGS,
  checkGpuWorkerBackend,
  ensureBackend,
  parseBackendRequirement,
  parseBackendSetting,
  type BackendRequirement,
  type BackendSetting,
} from './backend';
export { CheckpointStore } from './checkpoint-store';
export type { CommittedCheckpoint } from './checkpoint-store';
export { CheckpointWriter } from './checkpoint-writer';
export { readDatasetSplit } from './dataset-reader';
export type { DatasetSplit, ReadDatasetOptions } from './dataset-reader';
export { ArtifactFormatError, DatasetFormatError, InsufficientDataError, InvalidHoldoutError, InvalidRunKeyError } from './errors';
export { holdoutSide, holdoutWindow, parseInterval, trainedOnWindow } from './holdout';
export type { IntervalMs } from './holdout';
export { shuffleLabels } from './shuffle-labels';
