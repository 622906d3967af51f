import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config';
import { LocalArtifactStore } from './local-store';
import { S3ArtifactStore } from './s3-store';
import type { ArtifactStore } from './types';

/** Builds the store that ARTIFACT_STORE names: a folder (default DATA_DIR/artifacts) or s3://bucket/prefix. */
export function createArtifactStore(
  config: Pick<Config, 'ARTIFACT_STORE' | 'DATA_DIR' | 'AWS_REGION' | 'AWS_ENDPOINT_URL_S3' | 'AWS_ENDPOINT_URL' | 'S3_FORCE_PATH_STYLE'>,
): ArtifactStore {
  const target = config.ARTIFACT_STORE ?? join(config.DATA_DIR, 'artifacts');
  if (target.startsWith('s3://')) {
    const [bucket = '', ...rest] = target.slice('s3://'.length).split('/');
    const endpoint = config.AWS_ENDPOINT_URL_S3 ?? config.AWS_ENDPOINT_URL;
    return new S3ArtifactStore({
      bucket,
      prefix: rest.filter(Boolean).join('/'),
      region: config.AWS_REGION,
      endpoint,
      forcePathStyle: config.S3_FORCE_PATH_STYLE ?? Boolean(endpoint),
    });
  }
  const folder = target.startsWith('file://') ? fileURLToPath(target) : target;
  return new LocalArtifactStore(isAbsolute(folder) ? folder : resolve(folder));
}
