import type { ArtifactLink, ConsoleDeps } from './types';

/** The console's route serving artifacts (artifactForDisplay). */
export const ARTIFACT_ROUTE = '/artifacts';

/**
 * `/artifacts?uri=<encoded uri>&run=<workflow id>`: the default href of an artifact link. `run`
 * names the run whose outputs reference it, so the link still works after a console restart
 * (pass it to artifactForDisplay as `{ workflowId }`).
 */
export function artifactHref(uri: string, workflowId?: string): string {
  return `${ARTIFACT_ROUTE}?uri=${encodeURIComponent(uri)}${workflowId ? `&run=${encodeURIComponent(workflowId)}` : ''}`;
}

const handedOut = new WeakMap<object, Set<string>>();
/** Links remembered per store, at most this many (oldest forgotten first). */
const MAX_REMEMBERED = 10_000;

/**
 * Remembers the artifacts a page linked to, so that artifactForDisplay serves them without
 * reading the run again; it still serves anything the registry references after a restart.
 */
export function rememberLinks(deps: Pick<ConsoleDeps, 'artifacts'>, links: readonly ArtifactLink[]): void {
  let known = handedOut.get(deps.artifacts);
  if (!known) handedOut.set(deps.artifacts, (known = new Set()));
  for (const link of links) {
    known.delete(link.uri);
    known.add(link.uri);
  }
  while (known.size > MAX_REMEMBERED) known.delete(known.values().next().value!);
}

export function wasLinked(deps: Pick<ConsoleDeps, 'artifacts'>, uri: string): boolean {
  return handedOut.get(deps.artifacts)?.has(uri) ?? false;
}
