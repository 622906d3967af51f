import * as tf from '@tensorflow/tfjs';
import { makeBatch, type RaggedBatch } from './batch';
import { decodeFloats, encodeFloats, parseArtifact, type TextClassifierArtifact } from './checkpoint';
import { embeddingBagMean, gatherRows } from './embedding-bag';
import type { Prng } from './prng';
import type { TextClassifierConfig } from './text-classifier-config';
import { hashFeatures } from './tokenize';

const PREDICT_BATCH = 256;

/**
 * fastText-style classifier: hashed word and n-gram ids -> mean embedding -> dense -> sigmoid.
 * Holds tfjs variables: call `dispose()` when done with it.
 */
export class TextClassifier {
  private constructor(
    readonly config: TextClassifierConfig,
    private readonly embedding: tf.Variable<tf.Rank.R2>,
    private readonly kernel: tf.Variable<tf.Rank.R2>,
    private readonly bias: tf.Variable<tf.Rank.R1>,
  ) {}

  /** Fresh weights drawn from `rng`: embeddings U(-1/dim, 1/dim) as in fastText, Glorot for the dense layer. */
  static initialize(config: TextClassifierConfig, rng: Prng): TextClassifier {
    const { buckets, embeddingDim: dim } = config;
    const embedding = rng.uniformArray(buckets * dim, 1 / dim);
    const kernel = rng.uniformArray(dim, Math.sqrt(6 / (dim + 1)));
    return TextClassifier.fromArrays(config, embedding, kernel, new Float32Array(1));
  }

  static load(json: unknown): TextClassifier {
    const artifact = parseArtifact(json);
    const { config, weights } = artifact;
    return TextClassifier.fromArrays(
      config,
      decodeFloats(weights.embedding, config.buckets * config.embeddingDim, 'weights.embedding'),
      decodeFloats(weights.kernel, config.embeddingDim, 'weights.kernel'),
      decodeFloats(weights.bias, 1, 'weights.bias'),
    );
  }

  private static fromArrays(config: TextClassifierConfig, embedding: Float32Array, kernel: Float32Array, bias: Float32Array): TextClassifier {
    const dim = config.embeddingDim;
    // tidy frees the initial-value tensors; otherwise each would pin its first weights in memory.
    const [e, k, b] = tf.tidy(() => [
      tf.variable(tf.tensor2d(embedding, [config.buckets, dim])),
      tf.variable(tf.tensor2d(kernel, [dim, 1])),
      tf.variable(tf.tensor1d(bias)),
    ]) as [tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R1>];
    return new TextClassifier(config, e, k, b);
  }

  /** Feature ids of each text under this model's hashing settings. */
  featurize(texts: readonly string[]): Int32Array[] {
    return texts.map((t) => hashFeatures(t, this.config));
  }

  /**
   * Probability of label 1 for each text. Texts are featurised batch by batch, so `onProgress`
   * (rows done so far, after each batch) also covers the hashing, often the larger part.
   */
  predictProba(texts: readonly string[], onProgress?: (rowsDone: number) => void): number[] {
    const out: number[] = [];
    const order = Int32Array.from({ length: PREDICT_BATCH }, (_, i) => i);
    const noLabels = new Float32Array(PREDICT_BATCH);
    for (let start = 0; start < texts.length; start += PREDICT_BATCH) {
      const end = Math.min(texts.length, start + PREDICT_BATCH);
      const features = this.featurize(texts.slice(start, end));
      const batch = makeBatch(features, noLabels, order, 0, end - start);
      const bucketIds = batch.localIds.map((i) => batch.rows[i] as number);
      const probs = tf.tidy(() => tf.sigmoid(this.logits(this.embedding, bucketIds, batch)).dataSync());
      for (const p of probs) out.push(p);
      onProgress?.(end);
    }
    return out;
  }

  /**
   * One SGD step on the rows the batch touches; returns the batch's weighted mean loss, read
   * before the update. Only the gathered rows take part in the gradient, so the maths costs
   * O(batch features), not O(buckets); writing the rows back copies the table on wasm
   * (tensorScatterUpdate returns a new tensor) and happens in place on tfjs cpu.
   */
  trainStep(batch: RaggedBatch, learningRate: number, classWeights: readonly [number, number] = [1, 1]): number {
    return tf.tidy(() => {
      const rowIds = tf.tensor1d(batch.rows, 'int32');
      const rows = gatherRows(this.embedding, rowIds);
      const labels = tf.tensor2d(batch.labels, [batch.labels.length, 1]);
      // Weighted sum over the batch divided by its size, so the step size does not depend on the mix.
      const [negative, positive] = classWeights;
      const weights = tf.add(tf.mul(labels, positive - negative), negative);
      const lossOf = (...args: tf.Tensor[]): tf.Scalar => {
        const [table, kernel, bias] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        return tf.losses.sigmoidCrossEntropy(labels, this.logits(table, batch.localIds, batch, kernel, bias), weights);
      };
      const { value, grads } = tf.valueAndGrads(lossOf)([rows, this.kernel, this.bias]);
      const [dRows, dKernel, dBias] = grads as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
      const lr = tf.scalar(learningRate);
      this.embedding.assign(tf.tensorScatterUpdate(this.embedding, tf.expandDims(rowIds, 1), rows.sub(dRows.mul(lr))));
      this.kernel.assign(this.kernel.sub(dKernel.mul(lr)));
      this.bias.assign(this.bias.sub(dBias.mul(lr)));
      return (value.dataSync() as Float32Array)[0] as number;
    });
  }

  /** `ids` index `table`: bucket ids for the whole embedding, `localIds` for gathered rows. */
  private logits(table: tf.Tensor2D, ids: Int32Array, batch: RaggedBatch, kernel: tf.Tensor2D = this.kernel, bias: tf.Tensor1D = this.bias): tf.Tensor2D {
    const bag = embeddingBagMean(
      table,
      tf.tensor1d(ids, 'int32'),
      tf.tensor1d(batch.segments, 'int32'),
      tf.tensor2d(batch.invLength, [batch.invLength.length, 1]),
    );
    return tf.add(tf.matMul(bag, kernel), bias);
  }

  toArtifact(): TextClassifierArtifact {
    return {
      format: 'text-classifier/v1',
      config: this.config,
      weights: {
        embedding: encodeFloats(this.embedding.dataSync() as Float32Array),
        kernel: encodeFloats(this.kernel.dataSync() as Float32Array),
        bias: encodeFloats(this.bias.dataSync() as Float32Array),
      },
    };
  }

  dispose(): void {
    this.embedding.dispose();
    this.kernel.dispose();
    this.bias.dispose();
  }
}
