import { z } from 'zod';
import { sharedComputePool, type ComputePool } from '../compute';
import { ModelFormatError } from './errors';
import { assertTrainable, type Sample } from './sample';
import { DEFAULT_FEATURE_OPTIONS, hashFeatures, type FeatureOptions } from './tokenize';
import { formatZodIssues } from '../../common/validation';

export interface BaselineOptions extends FeatureOptions {
  /** Additive (Laplace) smoothing of the per-bucket counts. @default 0.1 */
  alpha: number;
  /** Count a feature once per text however often it repeats; usually better for spam. @default true */
  binary: boolean;
}

export const DEFAULT_BASELINE_OPTIONS: BaselineOptions = { ...DEFAULT_FEATURE_OPTIONS, alpha: 0.1, binary: true };

const sparseCounts = z.object({ ids: z.array(z.number().int().nonnegative()), counts: z.array(z.number()) });

export const BaselineArtifactSchema = z.object({
  format: z.literal('naive-bayes/v1'),
  options: z.object({
    buckets: z.number().int().positive(),
    maxTokens: z.number().int().positive(),
    wordNgrams: z.number().int().positive(),
    alpha: z.number().positive(),
    binary: z.boolean(),
  }),
  docs: z.tuple([z.number(), z.number()]),
  classes: z.tuple([sparseCounts, sparseCounts]),
});
export type BaselineArtifact = z.infer<typeof BaselineArtifactSchema>;

/** Checks a naive-bayes/v1 artifact; throws ModelFormatError saying what is wrong. */
export function parseBaselineArtifact(json: unknown): BaselineArtifact {
  const parsed = BaselineArtifactSchema.safeParse(json);
  if (!parsed.success) throw new ModelFormatError(`not a naive-bayes/v1 artifact: ${formatZodIssues(parsed.error).join('; ')}`);
  return parsed.data;
}

/**
 * Multinomial naive Bayes over hashed features: one counting pass, no tfjs. It is the floor the
 * neural model has to beat and a fallback that is cheap to retrain.
 */
export class NaiveBayesBaseline {
  // Log-likelihood ratio log P(f|1) - log P(f|0) per bucket, and the log prior odds.
  private constructor(
    private readonly artifact: BaselineArtifact,
    private readonly llr: Float64Array,
    private readonly priorLogOdds: number,
  ) {}

  static fit(samples: readonly Sample[], options: Partial<BaselineOptions> = {}): NaiveBayesBaseline {
    assertTrainable(samples);
    const opts = { ...DEFAULT_BASELINE_OPTIONS, ...options };
    const counts = [new Map<number, number>(), new Map<number, number>()] as const;
    const docs: [number, number] = [0, 0];
    for (const s of samples) {
      docs[s.label]++;
      const ids = hashFeatures(s.text, opts);
      const seen = counts[s.label];
      for (const id of opts.binary ? new Set(ids) : ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    const toSparse = (m: Map<number, number>) => {
      const ids = [...m.keys()].sort((a, b) => a - b);
      return { ids, counts: ids.map((id) => m.get(id) as number) };
    };
    return NaiveBayesBaseline.fromArtifact({
      format: 'naive-bayes/v1',
      options: opts,
      docs,
      classes: [toSparse(counts[0]), toSparse(counts[1])],
    });
  }

  /**
   * `fit` on a compute thread, so a large training set does not block the event loop of the
   * worker process; the result is identical (same counting code, same artifact).
   */
  static async fitOffThread(
    samples: readonly Sample[],
    options: Partial<BaselineOptions> = {},
    run: { pool?: ComputePool; signal?: AbortSignal } = {},
  ): Promise<NaiveBayesBaseline> {
    assertTrainable(samples);
    const pool = run.pool ?? sharedComputePool();
    const artifact = await pool.run('fitBaseline', { samples, options }, run.signal ? { signal: run.signal } : {});
    return NaiveBayesBaseline.fromArtifact(artifact);
  }

  static load(json: unknown): NaiveBayesBaseline {
    return NaiveBayesBaseline.fromArtifact(parseBaselineArtifact(json));
  }

  private static fromArtifact(a: BaselineArtifact): NaiveBayesBaseline {
    const { buckets, alpha } = a.options;
    const logProbs = a.classes.map(({ ids, counts }) => {
      const dense = new Float64Array(buckets);
      let total = 0;
      ids.forEach((id, i) => {
        dense[id] = counts[i] ?? 0;
        total += counts[i] ?? 0;
      });
      const denom = Math.log(total + alpha * buckets);
      for (let i = 0; i < buckets; i++) dense[i] = Math.log((dense[i] as number) + alpha) - denom;
      return dense;
    });
    const [neg, pos] = logProbs as [Float64Array, Float64Array];
    const llr = new Float64Array(buckets);
    for (let i = 0; i < buckets; i++) llr[i] = (pos[i] as number) - (neg[i] as number);
    return new NaiveBayesBaseline(a, llr, Math.log(a.docs[1] / a.docs[0]));
  }

  /**
   * Scores in (0, 1), 0.5 exactly where naive Bayes' decision flips. The log-odds are divided by
   * the number of features: raw naive-Bayes posteriors of long emails saturate to exactly 0 or 1,
   * and those ties would make ROC-AUC and PR-AUC meaningless.
   */
  predictProba(texts: readonly string[], onProgress?: (rowsDone: number) => void, progressEvery = 1000): number[] {
    const opts = this.artifact.options;
    return texts.map((text, row) => {
      if (onProgress && (row + 1) % progressEvery === 0) onProgress(row + 1);
      const ids = hashFeatures(text, opts);
      const used = opts.binary ? new Set(ids) : ids;
      let logOdds = this.priorLogOdds;
      let n = 0;
      for (const id of used) {
        logOdds += this.llr[id] as number;
        n++;
      }
      return 1 / (1 + Math.exp(-logOdds / Math.max(1, n)));
    });
  }

  toJSON(): BaselineArtifact {
    return this.artifact;
  }
}
