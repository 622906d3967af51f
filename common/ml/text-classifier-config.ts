import { z } from 'zod';

/**
 * Hyperparameters of the fastText-style classifier. Defaults tuned on the SpamAssassin corpus
 * (subject + body, latest 20% of each label held out by time): F1 about 0.96 on the holdout,
 * about 7 s of training on the wasm backend with two CPU cores.
 */
export const TextClassifierConfigSchema = z.object({
  epochs: z.number().int().min(1).max(1000).default(10).describe('Passes over the training samples.'),
  batchSize: z.number().int().min(1).max(65536).default(32).describe('Samples per SGD step.'),
  learningRate: z
    .number()
    .positive()
    .default(10)
    .describe(
      'Initial SGD step size, decayed linearly to zero over the run. Large because the loss is a ' +
        "batch mean and each embedding row gets 1/length of a text's gradient; 50 diverged on SpamAssassin.",
    ),
  embeddingDim: z.number().int().min(1).max(1024).default(16).describe('Width of each hashed-feature embedding.'),
  buckets: z
    .number()
    .int()
    .min(16)
    .max(2 ** 24)
    .default(2 ** 18)
    .describe('Hash buckets, i.e. rows of the embedding table; collisions grow as it shrinks.'),
  maxTokens: z.number().int().min(1).default(1500).describe('Word tokens read from the start of each text.'),
  wordNgrams: z.number().int().min(1).max(5).default(1).describe('Longest word n-gram hashed; 2 adds bigrams (they lowered holdout F1 on SpamAssassin).'),
  classWeight: z
    .enum(['none', 'balanced'])
    .default('balanced')
    .describe("balanced weighs each label's loss by n / (2 * its count), so a week with a different spam " + 'share does not move the decision threshold.'),
  seed: z.number().int().min(0).max(0xffffffff).default(42).describe('Seeds initial weights and every shuffle.'),
});

export type TextClassifierConfig = z.output<typeof TextClassifierConfigSchema>;
export type TextClassifierConfigInput = z.input<typeof TextClassifierConfigSchema>;
