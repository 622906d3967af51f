export { DatasetManifestSchema, DatasetRowSchema, IntervalSchema, type DatasetManifest, type DatasetRow, type Interval } from './dataset-types';
export { compactTime, datasetPrefix } from './dataset-keys';
export { extractDataset, type ExtractDatasetOptions, type ExtractDatasetResult } from './extract-dataset';
export { jsonlLines } from './jsonl-lines';
export { QuarantineFile } from './quarantine-file';
export { addToProfile, emptyProfile, LENGTH_EDGES, psi, TOKEN_BUCKETS, type TextProfile } from './text-profile';
export { judge, reportMarkdown, scanDataset, type DatasetScan, type DriftStats, type MalformedExample, type ValidationReport } from './validate-dataset';
export { ValidationThresholdsSchema, type ValidationThresholds, type ValidationThresholdsInput } from './validation-thresholds';
