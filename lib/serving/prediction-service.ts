import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ArtifactStore } from '../artifacts';
import type { Pool } from '../db';
import { selectBackendOnce } from '../ml';
import { listenForChanges } from './change-listener';
import { createServingApp } from './http-app';
import { dropExpiredPartitions, ensurePartitions } from './partitions';
import { PredictionLog, type PredictionLogOptions } from './prediction-log';
import type { RequestLimits } from './request-schemas';
import { ServedModels } from './served-models';
import { ServingMetrics } from './serving-metrics';

export const DEFAULT_LIMITS: RequestLimits = { maxInstances: 256, maxTextChars: 20_000, maxBodyBytes: 4_194_304 };

export interface PredictionServiceOptions {
  /** A migrated database (the registry, splits and the prediction log). */
  pool: Pool;
  /** The same database's URL, for the LISTEN connection (a pooled connection cannot hold a LISTEN). */
  databaseUrl: string;
  store: ArtifactStore;
  logger: Logger;
  /** Registry models to serve. */
  models: readonly string[];
  /** 0 picks a free one. */
  port: number;
  /** @default 127.0.0.1 */
  host?: string;
  /** @default DEFAULT_LIMITS */
  limits?: Partial<RequestLimits>;
  /** Re-read aliases and splits this often besides LISTEN/NOTIFY. @default 5000 */
  pollIntervalMs?: number;
  /** Queue size, batch size, waits of the prediction log. */
  log?: Omit<PredictionLogOptions, 'logger' | 'metrics'>;
  /** Drop log partitions older than this. @default 90 */
  retentionDays?: number;
  /** How often partitions are created ahead and expired ones dropped. @default 1 hour */
  maintenanceIntervalMs?: number;
  /** Log each text's sha256. @default false */
  hashTexts?: boolean;
  /** How long close() waits for in-flight requests, then for the log to flush. @default 30000 */
  shutdownTimeoutMs?: number;
}

export interface RunningPredictionService {
  /** `http://host:port`: predict at `${url}/v1/models/{model}:predict`. */
  readonly url: string;
  readonly served: ServedModels;
  readonly log: PredictionLog;
  readonly metrics: ServingMetrics;
  /** Stops taking requests, lets in-flight ones finish, flushes the prediction log, frees the models. */
  close(): Promise<void>;
}

/**
 * Starts the prediction service: loads each model's champion (and challenger when a split is
 * set), follows the registry by LISTEN/NOTIFY and polling, and serves HTTP until close(). Starts
 * even when a model has no champion yet: /readyz answers 503 until one is loaded.
 */
export async function startPredictionService(options: PredictionServiceOptions): Promise<RunningPredictionService> {
  const { pool, logger } = options;
  const metrics = new ServingMetrics();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 30_000;
  const retentionDays = options.retentionDays ?? 90;
  await selectBackendOnce();

  const maintain = async () => {
    await ensurePartitions(pool);
    const dropped = await dropExpiredPartitions(pool, retentionDays);
    if (dropped.length > 0) logger.info({ partitions: dropped, retentionDays }, 'prediction log partitions dropped');
  };
  await maintain();

  const served = new ServedModels({ pool, store: options.store, logger, metrics }, options.models);
  const refreshQuietly = (model?: string) => {
    const run = model === undefined ? served.refreshAll() : served.refresh(model);
    run.catch((err: unknown) => logger.warn({ err, modelName: model }, 'serving refresh failed; serving what is loaded'));
  };
  // Listening before the first read: a change made in between is heard rather than left to the poll.
  const listener = await listenForChanges(options.databaseUrl, logger, { onChange: (m) => refreshQuietly(m), onReconnect: () => refreshQuietly() });
  try {
    await served.refreshAll();
  } catch (err) {
    await listener.close();
    served.dispose();
    throw err;
  }
  const log = new PredictionLog(pool, { ...options.log, logger, metrics });
  const poll = setInterval(() => refreshQuietly(), options.pollIntervalMs ?? 5_000);
  const maintenance = setInterval(() => {
    maintain().catch((err: unknown) => logger.warn({ err }, 'prediction log maintenance failed; retried at the next interval'));
  }, options.maintenanceIntervalMs ?? 3_600_000);

  const app = createServingApp({ pool, served, log, metrics, logger, limits, hashTexts: options.hashTexts ?? false });
  const host = options.host ?? '127.0.0.1';
  let server: ServerType;
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (err) {
    clearInterval(poll);
    clearInterval(maintenance);
    await listener.close();
    await log.close(shutdownTimeoutMs);
    served.dispose();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  logger.info({ url, models: options.models }, 'prediction service listening');

  let closing: Promise<void> | undefined;
  const close = async () => {
    clearInterval(poll);
    clearInterval(maintenance);
    // Node 20's close() refuses new connections, closes idle keep-alive ones and waits for in-flight requests.
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, shutdownTimeoutMs);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
    });
    await listener.close();
    const lost = await log.close(shutdownTimeoutMs);
    served.dispose();
    logger.info({ unwritten: lost }, 'prediction service stopped');
  };
  return {
    url,
    served,
    log,
    metrics,
    close: () => (closing ??= close()),
  };
}
