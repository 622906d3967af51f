import { createReadStream, createWriteStream } from 'node:fs';
import { access, constants, link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkKey, toReadable } from './body';
import { ArtifactConflictError, ArtifactNotFoundError, ArtifactStoreUnavailableError } from './errors';
import { HashingStream, verified } from './hashing';
import { withSpan } from '../tracing/span';
import type { ArtifactBody, ArtifactRef, ArtifactStore } from './types';

const STAGING = '.staging';
const META = '.meta';
const STALE_STAGING_MS = 24 * 3_600_000;

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Artifacts in a local folder. Bytes are streamed to `.staging/` and fsynced, then hard-linked
 * to their key: link() fails when the key exists, so of two writers exactly one commits its
 * bytes, and the other compares against what is there. The sha256 lives in `.meta/<key>.json`,
 * written after the link by a writer that knows the linked bytes hash to it; an artifact is
 * visible once both exist, so its hash and bytes always agree.
 */
export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;
  readonly location: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.location = pathToFileURL(this.root).href;
  }

  uriFor(key: string): string {
    checkKey(key);
    return pathToFileURL(join(this.root, key)).href;
  }

  private keyOf(uri: string): string {
    const prefix = this.location + '/';
    if (!uri.startsWith(prefix)) throw new Error(`artifact URI "${uri}" is not inside this store (${this.location})`);
    const key = decodeURIComponent(uri.slice(prefix.length));
    checkKey(key);
    return key;
  }

  async put(key: string, body: ArtifactBody): Promise<ArtifactRef> {
    return withSpan('artifact.put', { 'artifact.store': 'local', 'artifact.uri': this.uriFor(key) }, () => this.putUntraced(key, body));
  }

  private async putUntraced(key: string, body: ArtifactBody): Promise<ArtifactRef> {
    const uri = this.uriFor(key);
    const staged = join(this.root, STAGING, randomUUID());
    await mkdir(dirname(staged), { recursive: true });
    const hashing = new HashingStream();
    try {
      await pipeline(toReadable(body), hashing, createWriteStream(staged));
      const handle = await open(staged, 'r');
      await handle.sync().finally(() => handle.close());
      const ref: ArtifactRef = { uri, sha256: hashing.sha256, sizeBytes: hashing.sizeBytes };
      const target = fileURLToPath(uri);
      await mkdir(dirname(target), { recursive: true });
      try {
        await link(staged, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // Hash the committed bytes rather than trust `.meta`: its writer may still be on its way,
        // or may have died between the link and the meta.
        const committed = await hashFile(target);
        if (committed !== ref.sha256) throw new ArtifactConflictError(uri, committed, ref.sha256);
      }
      const metaPath = join(this.root, META, `${key}.json`);
      await mkdir(dirname(metaPath), { recursive: true });
      await writeFile(`${staged}.meta`, JSON.stringify(ref));
      await rename(`${staged}.meta`, metaPath);
      return ref;
    } finally {
      await rm(staged, { force: true });
      await rm(`${staged}.meta`, { force: true });
    }
  }

  async stat(uri: string): Promise<ArtifactRef | undefined> {
    const key = this.keyOf(uri);
    try {
      await access(join(this.root, key));
      const meta = JSON.parse(await readFile(join(this.root, META, `${key}.json`), 'utf8')) as ArtifactRef;
      return { uri, sha256: meta.sha256, sizeBytes: meta.sizeBytes };
    } catch {
      return undefined;
    }
  }

  async openRead(uri: string, expectedSha256?: string): Promise<Readable> {
    return withSpan('artifact.open_read', { 'artifact.store': 'local', 'artifact.uri': uri }, () => this.openReadUntraced(uri, expectedSha256));
  }

  private async openReadUntraced(uri: string, expectedSha256?: string): Promise<Readable> {
    const ref = await this.stat(uri);
    if (!ref) throw new ArtifactNotFoundError(uri);
    return verified(createReadStream(join(this.root, this.keyOf(uri))), uri, expectedSha256 ?? ref.sha256);
  }

  async check(): Promise<void> {
    try {
      await mkdir(join(this.root, STAGING), { recursive: true });
      await access(this.root, constants.W_OK);
    } catch (err) {
      throw new ArtifactStoreUnavailableError(
        `artifact folder ${this.root} is not writable: ${(err as Error).message}. Set ARTIFACT_STORE or DATA_DIR to a writable folder.`,
        this.location,
        { cause: err },
      );
    }
    await this.removeStaleStaging();
  }

  /** Staging files older than a day belong to writers that died; nothing can commit them now. */
  private async removeStaleStaging(): Promise<void> {
    const dir = join(this.root, STAGING);
    for (const name of await readdir(dir)) {
      const info = await stat(join(dir, name)).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > STALE_STAGING_MS) await rm(join(dir, name), { force: true });
    }
  }
}
