// The prediction service on its own (`npm run serve`, dist/cli/serve.js, the serving image):
// serves SERVE_MODELS' champions from the registry at DATABASE_URL and the artifact store.
// `npm start` runs one on the embedded stack instead. See docs/serving.md.
import { createArtifactStore } from '../lib/artifacts';
import { ConfigError, loadConfig } from '../lib/config';
import { durationMs } from '../common/dag/duration';
import { checkConnection, createPool, migrate } from '../lib/db';
import { createLogger } from '../lib/logger';
import { handleShutdownSignals } from '../lib/process/shutdown-signals';
import { predictionServiceOptions, startPredictionService } from '../lib/serving';
import { runMain } from './main-wrapper';

runMain(async () => {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  // The embedded database belongs to `npm start`; a second process starting it on the same folder would collide.
  if (!config.DATABASE_URL)
    throw new ConfigError('DATABASE_URL', undefined, 'the postgres:// URL of the registry to serve from (`npm start` serves on its embedded database)');
  const store = createArtifactStore(config);
  await store.check();
  const pool = createPool(config.DATABASE_URL);
  const graceMs = durationMs(config.SHUTDOWN_GRACE);
  const shutdown = handleShutdownSignals({ graceMs, logger });
  try {
    await checkConnection(pool, config.DATABASE_URL);
    await migrate(pool);
    // close() waits for in-flight requests, then for the log to flush: half the grace each.
    const options = predictionServiceOptions(config, { pool, databaseUrl: config.DATABASE_URL, store, logger });
    const service = await startPredictionService({ ...options, shutdownTimeoutMs: graceMs / 2 });
    process.stdout.write(`prediction service: ${service.url}\n`);
    await new Promise<void>((resolve) => shutdown.signal.addEventListener('abort', () => resolve(), { once: true }));
    await service.close();
  } finally {
    await pool.end();
    shutdown.dispose();
  }
});
