import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { fnv1a32 } from '../ml';
import { ModelNotServedError } from './errors';
import type { LoadedModel } from './model-loader';
import type { PredictionLog, PredictionRecord } from './prediction-log';
import type { ServedModels } from './served-models';
import { SERVING_METRICS, type ServingMetrics } from './serving-metrics';

export interface Prediction {
  score: number;
  label: 0 | 1;
  predictionId: string;
}

export interface PredictResult {
  predictions: Prediction[];
  /** The version that answered: the champion, or the challenger on a canary request. */
  model_version: number;
}

export interface PredictDeps {
  served: ServedModels;
  log: PredictionLog;
  metrics: ServingMetrics;
  logger: Logger;
  /** Log the sha256 of each text. @default false */
  hashTexts?: boolean;
}

/** Thrown when the answering version's predict threw; the app answers 500 and the rows are logged as errors. */
export class PredictFailedError extends Error {
  override readonly name = 'PredictFailedError';
  constructor(
    readonly model: string,
    readonly version: number,
    options: { cause: unknown },
  ) {
    super(`version ${version} of model ${JSON.stringify(model)} failed to predict: ${(options.cause as Error)?.message ?? String(options.cause)}`, options);
  }
}

/**
 * Whether a request goes to the canary challenger: the first prediction id's FNV-1a hash in
 * 10,000 buckets, below `percent` * 100. Prediction ids are random UUIDs, so the share is
 * random with the configured mean, and which bucket a logged request fell in can be recomputed.
 */
export function routesToCanary(predictionId: string, percent: number): boolean {
  return fnv1a32(predictionId) % 10_000 < Math.round(percent * 100);
}

/**
 * Scores one request: picks who answers from the model's current state (read once, so an alias
 * move mid-request cannot mix versions), labels at that version's threshold, queues the log
 * rows (waiting briefly, or PredictionLogFullError, when the log is full) and, in shadow mode,
 * schedules the challenger on the same texts after the answer is sent.
 */
export async function predict(deps: PredictDeps, model: string, texts: readonly string[]): Promise<PredictResult> {
  const state = deps.served.state(model);
  if (!state) throw new ModelNotServedError(model, deps.served.models);
  const { champion, challenger, split } = state;
  if (!champion) {
    const failure = deps.served.lastFailure(model);
    throw new ModelNotServedError(model, deps.served.models, 503, failure ? `no loadable champion (${failure.message})` : 'it has no champion yet');
  }
  const ids = texts.map(() => randomUUID());
  const hashes = deps.hashTexts ? texts.map((t) => createHash('sha256').update(t).digest('hex')) : undefined;
  const canary = split?.mode === 'canary' && challenger !== null && routesToCanary(ids[0]!, split.canaryPercent);

  let answerer: LoadedModel = canary && challenger ? challenger : champion;
  let answered = score(deps, answerer, canary ? 'challenger' : 'champion', texts, ids, hashes);
  const records: PredictionRecord[] = [];
  if (!answered.ok && canary) {
    // The canary failed: its error rows keep their ids (never returned) and the champion answers with fresh ones.
    records.push(...answered.records);
    answerer = champion;
    const fresh = texts.map(() => randomUUID());
    answered = score(deps, champion, 'champion', texts, fresh, hashes);
    ids.splice(0, ids.length, ...fresh);
  }
  records.push(...answered.records);
  await deps.log.append(records);
  if (!answered.ok) throw new PredictFailedError(model, answerer.version, { cause: answered.error });

  if (split?.mode === 'shadow' && challenger && challenger !== champion) {
    const shadowOf = challenger;
    setImmediate(() => {
      const shadow = score(deps, shadowOf, 'challenger', texts, ids, hashes, true);
      deps.log.offer(shadow.records);
    });
  }
  return { predictions: answered.predictions, model_version: answerer.version };
}

type Scored = { ok: true; predictions: Prediction[]; records: PredictionRecord[] } | { ok: false; error: unknown; records: PredictionRecord[] };

function score(
  deps: PredictDeps,
  m: LoadedModel,
  role: 'champion' | 'challenger',
  texts: readonly string[],
  ids: readonly string[],
  hashes: readonly string[] | undefined,
  shadow = false,
): Scored {
  const started = performance.now();
  const createdAt = new Date();
  let scores: number[] | undefined;
  let error: unknown;
  try {
    scores = m.classifier.predictProba(texts);
  } catch (err) {
    error = err;
  }
  const latencyMs = performance.now() - started;
  const base = { model: m.model, version: m.version, role, shadow, threshold: m.threshold, latencyMs, createdAt } as const;
  deps.metrics.inc(SERVING_METRICS.predictions, { model: m.model, version: m.version, role, shadow, outcome: scores ? 'ok' : 'error' }, texts.length);
  if (!scores) {
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.error({ err: error, modelName: m.model, modelVersion: m.version, role, shadow }, 'predict failed');
    const records = ids.map((predictionId, i) => ({ ...base, predictionId, score: null, label: null, error: message, textSha256: hashes?.[i] ?? null }));
    return { ok: false, error, records };
  }
  const predictions = scores.map((s, i): Prediction => ({ score: s, label: s >= m.threshold ? 1 : 0, predictionId: ids[i]! }));
  const records = predictions.map((p, i) => ({
    ...base,
    predictionId: p.predictionId,
    score: p.score,
    label: p.label,
    error: null,
    textSha256: hashes?.[i] ?? null,
  }));
  return { ok: true, predictions, records };
}
