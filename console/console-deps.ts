import type { Client } from '@temporalio/client';
import { createFactoryClient } from '../client/factory-client';
import type { ArtifactStore } from '../lib/artifacts';
import type { Pool } from '../lib/db';
import { ModelRegistry } from '../lib/registry';
import { readTrafficSplit, trafficHistory } from '../lib/serving/traffic-store';
import type { ConsoleDeps } from './views';

export interface ConsoleDepsInput {
  /** A connected Temporal client (with the workers' data converter when payloads are encrypted). */
  readonly temporal: Client;
  /** PostgreSQL of the registry: reads (the traffic split too), and the rollback the console performs. */
  readonly pool: Pool;
  readonly artifacts: ArtifactStore;
  /** The Temporal Web UI, e.g. `http://127.0.0.1:8233`. */
  readonly temporalUiUrl: string;
}

/** The views' dependencies from what `npm start` or `npm run console` has connected. */
export async function createConsoleDeps(input: ConsoleDepsInput): Promise<ConsoleDeps> {
  const client = await createFactoryClient({ client: input.temporal, pool: input.pool });
  return {
    client,
    registry: new ModelRegistry(input.pool),
    artifacts: input.artifacts,
    traffic: { readTrafficSplit: (model) => readTrafficSplit(input.pool, model), trafficHistory: (model) => trafficHistory(input.pool, model) },
    temporalUiUrl: input.temporalUiUrl,
    namespace: client.namespace,
  };
}
