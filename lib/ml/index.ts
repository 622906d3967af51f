// Node-only ML code: tokenisation, the naive-Bayes baseline, the tfjs text classifier and its
// training loop, metrics and report plots. Workflow code must not import this folder.
export { describeBackend, deviceOf, selectBackend, selectBackendOnce, BACKENDS } from './backend';
export type { BackendChoice, BackendName, BackendOptions, ComputeDevice } from './backend';
export { NaiveBayesBaseline, BaselineArtifactSchema, DEFAULT_BASELINE_OPTIONS, parseBaselineArtifact } from './baseline';
export type { BaselineArtifact, BaselineOptions } from './baseline';
export { CheckpointSchema, TextClassifierArtifactSchema, fingerprintSamples, parseArtifact as parseClassifierArtifact, parseCheckpoint } from './checkpoint';
export type { Checkpoint, TextClassifierArtifact } from './checkpoint';
export { averagePrecision, prCurve, rocAuc, rocCurve } from './curves';
export type { PrPoint, RocPoint } from './curves';
export {
  BackendUnavailableError,
  CheckpointMismatchError,
  GpuUnavailableError,
  InvalidSamplesError,
  ModelFormatError,
  NonFiniteLossError,
  TrainingAbortedError,
} from './errors';
export { fnv1a32 } from './hash';
export { accuracy, binaryMetrics, confusionMatrix, f1, precision, recall } from './metrics';
export type { BinaryMetrics, ConfusionMatrix } from './metrics';
export { confusionMatrixSvg, lossCurveSvg, prCurveSvg, rocCurveSvg } from './plots';
export type { CurveSeries } from './plots';
export { Prng } from './prng';
export type { PrngState } from './prng';
export type { Sample } from './sample';
export { countLabels, hasBothLabels } from './sample';
export { syntheticMails, syntheticMailStream } from './synthetic-mail';
export type { SyntheticMailOptions } from './synthetic-mail';
export { TextClassifier } from './text-classifier';
export { TextClassifierConfigSchema } from './text-classifier-config';
export type { TextClassifierConfig, TextClassifierConfigInput } from './text-classifier-config';
export { DEFAULT_FEATURE_OPTIONS, hashFeatures, tokenize } from './tokenize';
export type { FeatureOptions } from './tokenize';
export { train } from './train';
export type { BatchProgress, EpochStats, TrainOptions, TrainResult } from './train';
