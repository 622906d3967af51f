import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createArtifactStore, type ArtifactStore } from '../artifacts';
import { checkConnection, createPool, migrate, startEmbeddedPostgres, type Pool } from '../db';
import { locateTool } from '../tools';
import { startDevServer, temporalConnectConfig } from '../temporal';
import type { ClientConnectConfig } from '@temporalio/envconfig';
import type { SourceConfig } from '../source';
import { checkSourceAtStart, checkSourceConnection, parseSourceSetting } from './load-source';
import { ensureLocalFolder, localArtifactFolder } from './local-folder';

/** Everything a process needs from the outside world, started or connected in dependency order. */
export interface Stack {
  pool: Pool;
  /** The URL `pool` connects to (embedded or DATABASE_URL), for a LISTEN connection. Holds a password: never log it. */
  databaseUrl: string;
  /** SOURCE_CONFIG, checked at start; undefined: the seeded default table. */
  source: SourceConfig | undefined;
  /** Pool on SOURCE_DATABASE_URL when set; the source is read from `pool` otherwise. */
  sourcePool: Pool | undefined;
  store: ArtifactStore;
  temporal: ClientConnectConfig & { namespace: string };
  /** Set when the embedded dev server runs (its Web UI); undefined for an external cluster. */
  uiUrl: string | undefined;
  /** Stops what this process started, in reverse order; safe to call twice. */
  close(): Promise<void>;
}

export interface StackOptions {
  /** Start the embedded Temporal dev server when TEMPORAL_ADDRESS is unset. @default true */
  embeddedTemporal?: boolean;
  /** Start embedded PostgreSQL when DATABASE_URL is unset. @default true */
  embeddedPostgres?: boolean;
}

export async function startStack(config: Config, logger: Logger, options: StackOptions = {}): Promise<Stack> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    while (closers.length > 0) {
      const next = closers.pop()!;
      await next().catch((err: unknown) => logger.error({ err }, 'error while stopping the stack'));
    }
  };
  try {
    // Parsed before anything starts: a bad source setting changes nothing.
    const source = parseSourceSetting(config);
    // A separate source database and the artifact store are checked before embedded PostgreSQL is
    // created, so a wrong source password or an unwritable store leaves nothing behind.
    let sourcePool: Pool | undefined;
    if (config.SOURCE_DATABASE_URL) {
      const created = createPool(config.SOURCE_DATABASE_URL, { max: 4 });
      sourcePool = created;
      closers.push(() => created.end());
      await checkSourceConnection(created, config.SOURCE_DATABASE_URL);
      await checkSourceAtStart(created, source);
    }
    const store = createArtifactStore(config);
    const local = localArtifactFolder(config);
    if (local) ensureLocalFolder(local.variable, local.shown, local.folder);
    await store.check();

    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      if (options.embeddedPostgres === false) throw new Error('DATABASE_URL is not set: expected a postgres:// URL for this process');
      const pg = await startEmbeddedPostgres({ dataDir: join(config.DATA_DIR, 'postgres'), port: config.PG_PORT, logger });
      closers.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    const pool = createPool(databaseUrl);
    closers.push(() => pool.end());
    await checkConnection(pool, databaseUrl);
    const applied = await migrate(pool);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

    if (!sourcePool) await checkSourceAtStart(pool, source);

    let embeddedAddress: string | undefined;
    let uiUrl: string | undefined;
    const external = config.TEMPORAL_ADDRESS ?? process.env.TEMPORAL_PROFILE;
    if (!external) {
      if (options.embeddedTemporal === false) throw new Error('TEMPORAL_ADDRESS is not set: expected host:port of the Temporal frontend for this process');
      const server = await startDevServer({
        cliPath: locateTool('temporal', { install: true }),
        dataDir: join(config.DATA_DIR, 'temporal'),
        port: config.TEMPORAL_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
        ...(config.TEMPORAL_UI_CODEC_ENDPOINT ? { uiCodecEndpoint: config.TEMPORAL_UI_CODEC_ENDPOINT } : {}),
        logger,
      });
      closers.push(() => server.stop());
      embeddedAddress = server.address;
      uiUrl = server.uiUrl;
    }
    const temporal = temporalConnectConfig(config, embeddedAddress);
    return {
      pool,
      databaseUrl,
      source,
      sourcePool,
      store,
      temporal: { ...temporal, namespace: temporal.namespace ?? config.TEMPORAL_NAMESPACE },
      uiUrl,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
