import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { Pool } from '../db';
import { describeValue } from '../../common/validation';
import { InvalidServingInputError, ServingError } from './errors';
import { recordFeedback } from './feedback';
import { predict, PredictFailedError } from './predict';
import type { PredictionLog } from './prediction-log';
import { parsePredictRequest, type RequestLimits } from './request-schemas';
import type { ServedModels } from './served-models';
import { SERVING_METRICS, type ServingMetrics } from './serving-metrics';

export interface ServingAppDeps {
  pool: Pool;
  served: ServedModels;
  log: PredictionLog;
  metrics: ServingMetrics;
  logger: Logger;
  limits: RequestLimits;
  hashTexts?: boolean;
}

const PREDICT_SUFFIX = ':predict';

/**
 * The prediction service's routes: TensorFlow Serving's predict and model-status shapes,
 * feedback, health, readiness and metrics. Every refusal is JSON `{error, code, issues?}` whose
 * message names the field, the value and the limit.
 */
export function createServingApp(deps: ServingAppDeps): Hono {
  const { served, log, metrics, logger, limits } = deps;
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    metrics.inc(SERVING_METRICS.httpRequests, { route: c.req.routePath, status: c.res.status });
  });
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: (c) =>
        c.json({ error: `request body: expected at most ${limits.maxBodyBytes} bytes, the SERVE_MAX_BODY_BYTES limit`, code: 'InvalidServingInput' }, 413),
    }),
  );

  app.post('/v1/models/:target', async (c) => {
    const target = c.req.param('target');
    if (!target.endsWith(PREDICT_SUFFIX))
      return c.json({ error: `unknown method in ${JSON.stringify(target)}: expected {model}:predict`, code: 'NotFound' }, 404);
    const model = target.slice(0, -PREDICT_SUFFIX.length);
    const body = parsePredictRequest(await readJson(c), limits);
    const result = await predict(
      { served, log, metrics, logger, hashTexts: deps.hashTexts ?? false },
      model,
      body.instances.map((i) => i.text),
    );
    return c.json(result);
  });

  app.get('/v1/models/:model', (c) => {
    const model = c.req.param('model');
    const state = served.state(model);
    if (!state)
      return c.json({ error: `model ${JSON.stringify(model)} is not served here (served: ${served.models.join(', ')})`, code: 'ModelNotServed' }, 404);
    const versions = [state.champion, state.challenger].filter((m) => m !== null);
    return c.json({
      model_version_status: versions.map((m) => ({ version: String(m.version), state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } })),
    });
  });

  app.post('/v1/feedback', async (c) => c.json(await recordFeedback(deps.pool, await readJson(c))));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', (c) => {
    const models = Object.fromEntries(
      served.models.map((m) => {
        const s = served.state(m);
        return [
          m,
          {
            champion: s?.champion?.version ?? null,
            challenger: s?.challenger?.version ?? null,
            mode: s?.split?.mode ?? 'off',
            canaryPercent: s?.split?.canaryPercent ?? 0,
            lastLoadFailure: served.lastFailure(m) ?? null,
          },
        ];
      }),
    );
    const ready = served.models.every((m) => served.state(m)?.champion);
    return c.json({ ready, models, predictionLog: { pending: log.pending, degraded: log.degraded } }, ready ? 200 : 503);
  });

  app.get('/metrics', (c) => c.text(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }));

  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${new URL(c.req.url).pathname}`, code: 'NotFound' }, 404));

  app.onError((err, c) => {
    if (err instanceof ServingError) {
      if (err.status === 503) c.header('retry-after', '1');
      return c.json({ error: err.message, code: err.code, ...('issues' in err ? { issues: err.issues } : {}) }, err.status);
    }
    if (err instanceof PredictFailedError) return c.json({ error: err.message, code: 'PredictFailed' }, 500);
    logger.error({ err, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal error', code: 'Internal' }, 500);
  });
  return app;
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InvalidServingInputError('request body', [`expected JSON, got ${describeValue(text) ?? 'nothing'} (${(err as Error).message})`]);
  }
}
