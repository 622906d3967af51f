// The web console as its own process (a production deployment; `npm start` serves it too):
//   DATABASE_URL=postgres://... TEMPORAL_ADDRESS=temporal:7233 CONSOLE_OPERATOR_TOKEN_FILE=/run/secrets/token npx tsx cli/console.ts
// See docs/console.md.
import { Client, Connection } from '@temporalio/client';
import { loadOperatorToken, startConfiguredConsole } from '../console';
import { createArtifactStore } from '../lib/artifacts';
import { payloadDataConverter } from '../lib/codec/data-converter';
import { ConfigError, loadConfig } from '../lib/config';
import { checkConnection, createPool } from '../lib/db';
import { createLogger } from '../lib/logger';
import { temporalConnectConfig } from '../lib/temporal';
import { runMain } from './main-wrapper';

runMain(async () => {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const operatorToken = loadOperatorToken(config);
  if (!config.DATABASE_URL)
    throw new ConfigError('DATABASE_URL', undefined, 'a postgres:// URL of the model registry (the console reads models and runs from it)');
  const pool = createPool(config.DATABASE_URL, { max: 4 });
  const connect = temporalConnectConfig(config);
  const connection = await Connection.connect(connect.connectionOptions ?? {});
  try {
    await checkConnection(pool, config.DATABASE_URL);
    const artifacts = createArtifactStore(config);
    const dataConverter = payloadDataConverter(config);
    const temporal = new Client({ connection, namespace: connect.namespace ?? config.TEMPORAL_NAMESPACE, ...(dataConverter ? { dataConverter } : {}) });
    const server = await startConfiguredConsole({ config, logger, operatorToken, temporal, pool, artifacts });
    try {
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    } finally {
      await server.close();
    }
  } finally {
    await connection.close();
    await pool.end();
  }
});
