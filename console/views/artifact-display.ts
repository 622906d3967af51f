import { artifactUris } from '../../client/registry-reads';
import { wasLinked } from './links';
import { activityHistory } from './run-history';
import { artifactsOfOutput, isArtifactUri } from './task-artifacts';
import type { ConsoleDeps, DisplayableArtifact } from './types';

/** Largest artifact the console serves (plots and reports are kilobytes; datasets are not for a browser). */
export const MAX_DISPLAY_BYTES = 16 * 1024 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * An artifact's bytes for the browser, or null: only a committed artifact of the store that a
 * page linked to, the registry references (model files, reports, plots), or the given run's
 * task outputs name; at most MAX_DISPLAY_BYTES; read against its sha256. Anything else, such as
 * a URI typed by hand into `/artifacts?uri=`, is null, whatever the store holds.
 */
export async function artifactForDisplay(deps: ConsoleDeps, uri: string, context: { readonly workflowId?: string } = {}): Promise<DisplayableArtifact | null> {
  if (typeof uri !== 'string' || !isArtifactUri(uri)) return null;
  let ref;
  try {
    ref = await deps.artifacts.stat(uri);
  } catch {
    // A URI of another store (another bucket or folder) is not one this console serves.
    return null;
  }
  if (!ref || ref.sizeBytes > MAX_DISPLAY_BYTES) return null;
  if (!(wasLinked(deps, uri) || (await registryReferences(deps, uri)) || (await runReferences(deps, context.workflowId, uri)))) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of await deps.artifacts.openRead(uri, ref.sha256)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return { contentType: contentTypeOf(uri), body: Buffer.concat(chunks) };
}

export function contentTypeOf(uri: string): string {
  const path = uri.split('?')[0]!.toLowerCase();
  const ext = Object.keys(CONTENT_TYPES).find((e) => path.endsWith(e));
  return ext ? CONTENT_TYPES[ext]! : 'application/octet-stream';
}

async function registryReferences(deps: ConsoleDeps, uri: string): Promise<boolean> {
  try {
    for (const model of await deps.registry.listModels()) {
      for (const version of await deps.registry.listVersions(model.name)) {
        if (Object.values(artifactUris(version)).includes(uri)) return true;
      }
    }
  } catch {
    // A registry that cannot be read (not configured, down) vouches for nothing.
    return false;
  }
  return false;
}

async function runReferences(deps: ConsoleDeps, workflowId: string | undefined, uri: string): Promise<boolean> {
  if (!workflowId) return false;
  try {
    const history = await activityHistory(deps.client.temporal, workflowId);
    for (const [taskId, records] of history) {
      for (const record of records) if (artifactsOfOutput(taskId, record.result, (u) => u).some((l) => l.uri === uri)) return true;
    }
  } catch {
    // An unknown run references nothing.
    return false;
  }
  return false;
}
