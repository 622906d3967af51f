import type { Logger } from 'pino';
import type { ArtifactStore } from '../artifacts';
import type { Config } from '../config';
import type { Pool } from '../db';
import { durationMs } from '../../common/dag/duration';
import type { PredictionServiceOptions } from './prediction-service';

/** The service's options from the configuration (SERVE_*, PREDICTION_LOG_*), for `npm run serve` and `npm start`. */
export function predictionServiceOptions(
  config: Pick<
    Config,
    | 'SERVE_PORT'
    | 'SERVE_HOST'
    | 'SERVE_MODELS'
    | 'SERVE_MAX_INSTANCES'
    | 'SERVE_MAX_TEXT_CHARS'
    | 'SERVE_MAX_BODY_BYTES'
    | 'SERVE_POLL_INTERVAL'
    | 'PREDICTION_LOG_QUEUE'
    | 'PREDICTION_LOG_RETENTION_DAYS'
    | 'PREDICTION_LOG_TEXT_HASH'
  >,
  deps: { pool: Pool; databaseUrl: string; store: ArtifactStore; logger: Logger },
): PredictionServiceOptions {
  return {
    ...deps,
    models: config.SERVE_MODELS.split(','),
    port: config.SERVE_PORT,
    host: config.SERVE_HOST,
    limits: { maxInstances: config.SERVE_MAX_INSTANCES, maxTextChars: config.SERVE_MAX_TEXT_CHARS, maxBodyBytes: config.SERVE_MAX_BODY_BYTES },
    pollIntervalMs: durationMs(config.SERVE_POLL_INTERVAL),
    log: { capacity: config.PREDICTION_LOG_QUEUE },
    retentionDays: config.PREDICTION_LOG_RETENTION_DAYS,
    hashTexts: config.PREDICTION_LOG_TEXT_HASH,
  };
}
