import type { Logger } from 'pino';
import type { ArtifactStore } from '../lib/artifacts';
import type { Pool } from '../lib/db';
import type { SourceConfig } from '../lib/source';

/** What activities are built from; tests pass their own (real servers, temp folders). */
export interface ActivityDeps {
  pool: Pool;
  store: ArtifactStore;
  logger: Logger;
  /** Where training events come from; @default the seeded `moderation_events` table. */
  source?: SourceConfig;
  /** Pool for reading the source when it lives elsewhere; @default `pool`. */
  sourcePool?: Pool;
}
