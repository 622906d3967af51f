export { ArtifactConflictError, ArtifactIntegrityError, ArtifactNotFoundError, ArtifactStoreUnavailableError } from './errors';
export type { ArtifactBody, ArtifactRef, ArtifactStore, PutOptions } from './types';
export { ArtifactRefSchema } from './types';
export { LocalArtifactStore } from './local-store';
export { S3ArtifactStore, type S3StoreOptions } from './s3-store';
export { createArtifactStore } from './create-store';
export { readAll } from './body';
export { sha256Hex } from './hashing';
