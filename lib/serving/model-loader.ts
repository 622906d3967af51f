import { ArtifactIntegrityError, type ArtifactStore } from '../artifacts';
import { TextClassifier } from '../ml';
import type { ModelVersion } from '../registry';
import { ArtifactFormatError, readArtifactJson } from '../training';
import { ModelLoadError } from './errors';
import { versionThreshold } from './version-threshold';

/** A version ready to answer: its classifier in memory and the threshold it labels at. */
export interface LoadedModel {
  readonly model: string;
  readonly version: number;
  readonly threshold: number;
  readonly sha256: string;
  readonly classifier: TextClassifier;
}

/**
 * Reads a version's model artifact, checking its bytes against the registry's sha256, and parses
 * it. Throws ModelLoadError naming why (sha256-mismatch, unloadable, unreadable); the caller keeps
 * serving what it had.
 */
export async function loadModelVersion(store: ArtifactStore, version: ModelVersion): Promise<LoadedModel> {
  const ref = version.artifacts.model;
  const fail = (reason: ModelLoadError['reason'], err: unknown) =>
    new ModelLoadError(version.model, version.version, ref.uri, reason, err instanceof Error ? err.message : String(err), { cause: err });
  let json: unknown;
  try {
    json = await readArtifactJson(store, ref);
  } catch (err) {
    if (err instanceof ArtifactIntegrityError) throw fail('sha256-mismatch', err);
    if (err instanceof ArtifactFormatError) throw fail('unloadable', err);
    throw fail('unreadable', err);
  }
  let classifier: TextClassifier;
  try {
    classifier = TextClassifier.load(json);
  } catch (err) {
    throw fail('unloadable', err);
  }
  return { model: version.model, version: version.version, threshold: versionThreshold(version), sha256: ref.sha256, classifier };
}
