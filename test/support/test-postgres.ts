import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool, migrate, startEmbeddedPostgres, type Pool } from '../../lib/db';
import { createLogger } from '../../lib/logger';

export interface TestPostgres {
  readonly url: string;
  readonly pool: Pool;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** A real PostgreSQL server in a temp folder, migrated, for one test file. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'factory-pg-'));
  const dataDir = join(root, 'postgres');
  const server = await startEmbeddedPostgres({ dataDir, port: 0, logger: createLogger({ level: 'warn', pretty: false }) });
  const pool = createPool(server.url);
  await migrate(pool);
  return {
    url: server.url,
    pool,
    dataDir,
    async stop() {
      await pool.end();
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
