import { Readable } from 'node:stream';
import type { ArtifactBody } from './types';

export function toReadable(body: ArtifactBody): Readable {
  return typeof body === 'string' || Buffer.isBuffer(body) ? Readable.from([Buffer.from(body)]) : body;
}

/** Validates a key: relative, `/`-separated, no `..`, no empty segments. */
export function checkKey(key: string): void {
  if (!key || key.startsWith('/') || key.split('/').some((s) => s === '' || s === '.' || s === '..') || /[\\\0]/.test(key)) {
    throw new Error(`artifact key "${key}" is invalid: expected a relative path like "datasets/2026-W47/events.jsonl" without "..", "//" or a leading "/"`);
  }
}

/** Reads a whole (small) artifact stream into memory: manifests, reports, model JSON. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
