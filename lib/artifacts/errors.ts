/** Thrown on read when an artifact's bytes no longer hash to the sha256 recorded for it. */
export class ArtifactIntegrityError extends Error {
  override readonly name = 'ArtifactIntegrityError';
  constructor(
    readonly uri: string,
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(`artifact ${uri} is corrupt: sha256 is ${actualSha256}, expected ${expectedSha256}`);
  }
}

/** Thrown when a read names an artifact that was never committed. */
export class ArtifactNotFoundError extends Error {
  override readonly name = 'ArtifactNotFoundError';
  constructor(
    readonly uri: string,
    options?: { cause?: unknown },
  ) {
    super(`artifact ${uri} does not exist`, options);
  }
}

/** Thrown when a write would replace a committed artifact with different content. */
export class ArtifactConflictError extends Error {
  override readonly name = 'ArtifactConflictError';
  constructor(
    readonly uri: string,
    readonly existingSha256: string,
    readonly newSha256: string,
  ) {
    super(
      `artifact ${uri} already exists with sha256 ${existingSha256}; refusing to replace it with ${newSha256} (artifacts are immutable: write under a new name)`,
    );
  }
}

/** Thrown at start when the artifact store cannot be reached or is misconfigured. */
export class ArtifactStoreUnavailableError extends Error {
  override readonly name = 'ArtifactStoreUnavailableError';
  constructor(
    message: string,
    readonly location: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
