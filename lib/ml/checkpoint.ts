import { z } from 'zod';
import { ModelFormatError } from './errors';
import { fnv1a32, fnv1aStep, FNV32_OFFSET } from './hash';
import type { Sample } from './sample';
import { TextClassifierConfigSchema } from './text-classifier-config';
import { formatZodIssues } from '../../common/validation';

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
  if (!parsed.success) throw new ModelFormatError(`not a text-classifier/v1 checkpoint: ${formatZodIssues(parsed.error).join('; ')}`);
  return parsed.data;
}

/**
 * Binary checkpoint encoding: `text-classifier-checkpoint/v2` and a newline, a little-endian
 * uint32 header length, the header (every field but the weights, as JSON), then the raw float32
 * bytes of embedding, kernel and bias. JSON with base64 weights is 22 MB at the default config
 * and gzip spends about half a second just undoing base64's third; the raw floats are 16.8 MB
 * and need no work beyond a copy. Lossless: `decodeCheckpoint(encodeCheckpoint(c))` equals `c`.
 */
const BINARY_MAGIC = Buffer.from('text-classifier-checkpoint/v2\n', 'ascii');
const WEIGHT_FIELDS = ['embedding', 'kernel', 'bias'] as const;

export function encodeCheckpoint(checkpoint: Checkpoint): Buffer {
  const { weights, ...rest } = checkpoint;
  const tensors = WEIGHT_FIELDS.map((field) => Buffer.from(weights[field], 'base64'));
  const header = Buffer.from(JSON.stringify({ ...rest, weightBytes: tensors.map((t) => t.byteLength) }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.byteLength);
  return Buffer.concat([BINARY_MAGIC, length, header, ...tensors]);
}

export function isBinaryCheckpoint(bytes: Buffer): boolean {
  return bytes.subarray(0, BINARY_MAGIC.byteLength).equals(BINARY_MAGIC);
}

/** Reads `encodeCheckpoint` bytes back; throws ModelFormatError on anything else. */
export function decodeCheckpoint(bytes: Buffer): Checkpoint {
  if (!isBinaryCheckpoint(bytes)) throw new ModelFormatError('not a text-classifier-checkpoint/v2 file: wrong magic bytes');
  const headerStart = BINARY_MAGIC.byteLength + 4;
  if (bytes.byteLength < headerStart) throw new ModelFormatError('text-classifier-checkpoint/v2 file is truncated in its header');
  const headerEnd = headerStart + bytes.readUInt32LE(BINARY_MAGIC.byteLength);
  let header: { weightBytes?: unknown; [key: string]: unknown };
  try {
    header = JSON.parse(bytes.subarray(headerStart, headerEnd).toString('utf8')) as typeof header;
  } catch (error) {
    throw new ModelFormatError(`text-classifier-checkpoint/v2 header is not JSON: ${(error as Error).message}`);
  }
  const { weightBytes, ...rest } = header;
  const sizes = z.array(z.number().int().min(0)).length(WEIGHT_FIELDS.length).safeParse(weightBytes);
  if (!sizes.success) throw new ModelFormatError(`text-classifier-checkpoint/v2 header has no valid weightBytes (got ${JSON.stringify(weightBytes)})`);
  const total = sizes.data.reduce((a, b) => a + b, 0);
  if (bytes.byteLength !== headerEnd + total) {
    throw new ModelFormatError(`text-classifier-checkpoint/v2 file holds ${bytes.byteLength - headerEnd} weight bytes; its header says ${total}`);
  }
  const weights: Record<string, string> = {};
  let offset = headerEnd;
  WEIGHT_FIELDS.forEach((field, i) => {
    const size = sizes.data[i]!;
    weights[field] = bytes.subarray(offset, offset + size).toString('base64');
    offset += size;
  });
  return parseCheckpoint({ ...rest, weights });
}

export function parseArtifact(json: unknown): TextClassifierArtifact {
  const parsed = TextClassifierArtifactSchema.safeParse(json);
  if (!parsed.success) throw new ModelFormatError(`not a text-classifier/v1 model: ${formatZodIssues(parsed.error).join('; ')}`);
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
  let a = FNV32_OFFSET;
  let b = samples.length >>> 0;
  for (const s of samples) {
    const h = fnv1a32(s.text);
    a = fnv1aStep(a, h) >>> 0;
    b = (Math.imul(b, 31) + h + s.label) >>> 0;
  }
  return `${samples.length}:${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}
