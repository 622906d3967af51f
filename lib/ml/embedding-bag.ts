import * as tf from '@tensorflow/tfjs';

/**
 * `table[ids]`, computed as a sparse segment sum with one segment per id. Same result as
 * `tf.gather`, but GatherV2 walks every element through generic index arithmetic and was 7-15x
 * slower on the cpu and wasm backends (10k rows of a 2^18 x 24 table, tfjs 4.22).
 */
export function gatherRows(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  return tf.sparse.sparseSegmentSum(table, ids, tf.range(0, ids.shape[0], 1, 'int32')) as tf.Tensor2D;
}

/**
 * Mean of `table` rows per segment (fastText's embedding bag), differentiable on every backend.
 *
 * tfjs differentiates `gather` through `UnsortedSegmentSum`, which the wasm backend does not
 * implement (4.22), and `sparseSegmentMean` has no gradient at all. The gradient here is
 * written out instead: each occurrence receives its text's upstream gradient times 1/length,
 * and `scatterND` sums repeated ids, which the cpu, wasm and tensorflow backends all run.
 */
export function embeddingBagMean(table: tf.Tensor2D, ids: tf.Tensor1D, segments: tf.Tensor1D, invLength: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...args) => {
    const [t, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    // Tensors the gradient reads must be saved: the tape frees everything else after the forward pass.
    save([ids, segments, invLength]);
    return {
      value: tf.sparse.sparseSegmentMean(t, ids, segments),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedIds, savedSegments, savedInvLength] = saved as [tf.Tensor1D, tf.Tensor1D, tf.Tensor2D];
        const perOccurrence = gatherRows(tf.mul(dy, savedInvLength), savedSegments);
        return tf.scatterND(tf.expandDims(savedIds, 1), perOccurrence, t.shape);
      },
    };
  });
  return op(table) as tf.Tensor2D;
}
