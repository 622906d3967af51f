/**
 * A batch of hashed texts in the ragged layout `sparseSegmentMean` wants: every feature id of
 * every text in one flat list, plus the row (segment) each belongs to. No padding, so one long
 * email does not make the whole batch pay for its length.
 */
export interface RaggedBatch {
  /** Distinct bucket ids in the batch, ascending: the embedding rows this step reads and writes. */
  readonly rows: Int32Array;
  /** Per feature occurrence, its index into `rows`. */
  readonly localIds: Int32Array;
  /** Per feature occurrence, the batch row of its text; non-decreasing. */
  readonly segments: Int32Array;
  /** Per text, 1 / number of features: the weight of each occurrence in the mean. */
  readonly invLength: Float32Array;
  /** Per text, the label as 0 or 1. */
  readonly labels: Float32Array;
}

/** Texts must have at least one feature id (`hashFeatures` guarantees it). */
export function makeBatch(features: readonly Int32Array[], labels: ArrayLike<number>, order: ArrayLike<number>, start: number, end: number): RaggedBatch {
  let total = 0;
  for (let i = start; i < end; i++) total += (features[order[i] as number] as Int32Array).length;
  const globalIds = new Int32Array(total);
  const segments = new Int32Array(total);
  const invLength = new Float32Array(end - start);
  const batchLabels = new Float32Array(end - start);
  let at = 0;
  for (let i = start; i < end; i++) {
    const sample = order[i] as number;
    const ids = features[sample] as Int32Array;
    if (ids.length === 0) throw new RangeError(`sample ${sample} has no features`);
    globalIds.set(ids, at);
    segments.fill(i - start, at, at + ids.length);
    at += ids.length;
    invLength[i - start] = 1 / ids.length;
    batchLabels[i - start] = labels[sample] as number;
  }
  const rows = Int32Array.from(new Set(globalIds)).sort();
  const position = new Map<number, number>();
  rows.forEach((row, i) => position.set(row, i));
  const localIds = globalIds.map((id) => position.get(id) as number);
  return { rows, localIds, segments, invLength, labels: batchLabels };
}
