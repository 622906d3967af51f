import * as tf from '@tensorflow/tfjs';

/**
 * Mean of `table` rows per segment (fastText's embedding bag), differentiable on every backend.
 *
 * tfjs differentiates `gather` through `UnsortedSegmentSum`, which the wasm backend does not
 * implement (4.22), and `sparseSegmentMean` has no gradient at all. The gradient here is
 * written out instead: each occurrence receives its text's upstream gradient times 1/length,
 * and `scatterND` sums repeated ids, which the cpu, wasm and tensorflow backends all run.
 */
export function embeddingBagMean(
  table: tf.Tensor2D,
  ids: tf.Tensor1D,
  segments: tf.Tensor1D,
  invLength: tf.Tensor2D,
): tf.Tensor2D {
  const op = tf.customGrad((t: tf.Tensor) => ({
    value: tf.sparse.sparseSegmentMean(t, ids, segments),
    gradFunc: (dy: tf.Tensor) =>
      tf.scatterND(tf.expandDims(ids, 1), tf.gather(tf.mul(dy, invLength), segments), t.shape),
  }));
  return op(table) as tf.Tensor2D;
}
