import type { DatasetScan, MalformedExample } from '../dataset/validate-dataset';
import type { BackendName, BaselineArtifact, BaselineOptions, Sample, TextClassifierArtifact } from '../ml';

// What each task takes and gives; the pool is typed by these maps and the thread implements
// them in compute-handlers.ts. Types only here, so importing the pool loads neither tfjs nor zod.

/** One model to score: a parsed artifact and, optionally, the indices of the texts to score. */
export type ScoredModelSpec =
  | { readonly kind: 'classifier'; readonly artifact: TextClassifierArtifact; readonly rows?: readonly number[] }
  | { readonly kind: 'baseline'; readonly artifact: BaselineArtifact; readonly rows?: readonly number[] };

export interface ScoreModelsInput {
  readonly texts: readonly string[];
  readonly models: readonly ScoredModelSpec[];
  /** tfjs backend of the thread, chosen on its first classifier; @default the fastest that works */
  readonly backend?: BackendName;
}

/** Rows scored so far by model `model` (an index into `models`), of `rows`. */
export interface ScoreProgress {
  readonly model: number;
  readonly rowsDone: number;
  readonly rows: number;
}

/** A row the scan set aside, for the caller's quarantine file. */
export interface MalformedRow {
  readonly line: number;
  readonly problem: string;
  readonly raw: string;
}

/** Sent back after each chunk: rows seen so far and the malformed ones of that chunk. */
export interface ScanAck {
  readonly rows: number;
  readonly malformed: readonly MalformedRow[];
}

/** Tasks run with `ComputePool.run`: input in, result out, progress messages meanwhile. */
export interface ComputeTasks {
  scoreModels: { input: ScoreModelsInput; output: { scores: number[][] }; progress: ScoreProgress };
  fitBaseline: { input: { samples: readonly Sample[]; options: Partial<BaselineOptions> }; output: BaselineArtifact; progress: never };
}

/** Tasks run with `ComputePool.open`: the caller streams chunks in, each one acknowledged. */
export interface ComputeStreams {
  scanDataset: { input: { maxExamples: number; expectedRows?: number }; output: { scan: DatasetScan; malformed: readonly MalformedRow[] }; ack: ScanAck };
}

export type { MalformedExample };
