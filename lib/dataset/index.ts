export { DatasetManifestSchema, DatasetRowSchema, IntervalSchema, type DatasetManifest, type DatasetRow, type Interval } from './dataset-types';
