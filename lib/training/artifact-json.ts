import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { readAll, type ArtifactRef, type ArtifactStore } from '../artifacts';
import { ArtifactFormatError } from './errors';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

// Level 1 compresses a checkpoint as well as level 6 does (base64 floats leave little to find)
// in a fraction of the time. zlib runs on the thread pool, so training is not blocked meanwhile.
const GZIP_LEVEL = 1;

/** Gzipped JSON; the same value always gives the same bytes (Node's gzip header has no mtime). */
export function gzipJson(value: unknown): Promise<Buffer> {
  return gzipAsync(JSON.stringify(value), { level: GZIP_LEVEL });
}

/** Reads a JSON artifact, gzipped or not (told apart by the gzip magic bytes), checking its sha256. */
export async function readArtifactJson(store: ArtifactStore, ref: Pick<ArtifactRef, 'uri' | 'sha256'>): Promise<unknown> {
  const bytes = await readAll(await store.openRead(ref.uri, ref.sha256));
  const text = isGzip(bytes)
    ? await gunzipAsync(bytes).catch((error: unknown) => {
        throw new ArtifactFormatError(ref.uri, `gunzip failed: ${(error as Error).message}`, { cause: error });
      })
    : bytes;
  try {
    return JSON.parse(text.toString('utf8')) as unknown;
  } catch (error) {
    throw new ArtifactFormatError(ref.uri, (error as Error).message, { cause: error });
  }
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
