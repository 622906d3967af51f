import { z } from 'zod';
import { ModelFormatError } from './errors';
import { fnv1a32 } from './hash';
import type { Sample } from './sample';
import { TextClassifierConfigSchema } from './text-classifier-config';

/** Weights as base64 of little-endian float32 bytes: exact, and a third smaller than number arrays. */
const WeightsSchema = z.object({
  embedding: z.string().describe('[buckets, embeddingDim] row-major'),
  kernel: z.string().describe('[embeddingDim, 1]'),
  bias: z.string().describe('[1]'),
});
export type EncodedWeights = z.infer<typeof WeightsSchema>;

/** A trained model: everything serving needs, nothing about how training went. */
export const TextClassifierArtifactSchema = z.object({
  format: z.literal('text-classifier/v1'),
  config: TextClassifierConfigSchema,
  weights: WeightsSchema,
});
export type TextClassifierArtifact = z.infer<typeof TextClassifierArtifactSchema>;

/**
 * A model plus the state that makes resuming exact: the PRNG state after `epoch` epochs and the
 * run's history. Plain SGD keeps no optimizer state, so none is needed. It is also a valid
 * `TextClassifierArtifact`.
 */
export const CheckpointSchema = TextClassifierArtifactSchema.extend({
  /** Epochs completed (1-based count); resuming starts at `epoch + 1`. */
  epoch: z.number().int().min(0),
  rngState: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** Mean training loss of each completed epoch. */
  lossHistory: z.array(z.number()),
  /** `fingerprintSamples` of the training set, so a resume on other data is refused. */
  dataFingerprint: z.string(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

export function parseCheckpoint(json: unknown): Checkpoint {
  const parsed = CheckpointSchema.safeParse(json);
  if (!parsed.success) throw new ModelFormatError(`not a text-classifier/v1 checkpoint: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function parseArtifact(json: unknown): TextClassifierArtifact {
  const parsed = TextClassifierArtifactSchema.safeParse(json);
  if (!parsed.success) throw new ModelFormatError(`not a text-classifier/v1 model: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function encodeFloats(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloats(base64: string, expectedLength: number, what: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength !== expectedLength * 4) {
    throw new ModelFormatError(`${what} holds ${bytes.byteLength / 4} floats; its config implies ${expectedLength}`);
  }
  // Copy into a fresh buffer: Buffer's pooled memory is not guaranteed to be 4-byte aligned.
  const out = new Float32Array(expectedLength);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Order-sensitive digest of texts and labels; cheap enough to compute on every run. */
export function fingerprintSamples(samples: readonly Sample[]): string {
  let a = 0x811c9dc5;
  let b = samples.length >>> 0;
  for (const s of samples) {
    const h = fnv1a32(s.text);
    a = Math.imul(a ^ h, 0x01000193) >>> 0;
    b = (Math.imul(b, 31) + h + s.label) >>> 0;
  }
  return `${samples.length}:${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}
