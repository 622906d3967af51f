import type { Logger } from 'pino';
import type { ArtifactStore } from '../lib/artifacts';
import type { Pool } from '../lib/db';

/** What activities are built from; tests pass their own (real servers, temp folders). */
export interface ActivityDeps {
  pool: Pool;
  store: ArtifactStore;
  logger: Logger;
}
