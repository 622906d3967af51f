import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore, type ArtifactRef } from '../../../lib/artifacts';
import { createLogger } from '../../../lib/logger';
import { selectBackendOnce, syntheticMails, train, type Sample } from '../../../lib/ml';
import { ModelRegistry } from '../../../lib/registry';
import { startPredictionService, type PredictionServiceOptions, type RunningPredictionService } from '../../../lib/serving';
import { registration } from '../registry/registration-fixture';
import type { TestPostgres } from '../../support/test-postgres';

export const SPAM = 'FREE cash prize, click now to win the lottery!!!';
export const HAM = 'agenda for the release meeting tomorrow at ten';

const config = { epochs: 2, batchSize: 16, embeddingDim: 8, buckets: 2048 };

/** A small classifier's artifact JSON; `inverted` learns the opposite labels (a deliberately worse model). */
export async function trainedArtifact(seed: number, inverted = false): Promise<Buffer> {
  await selectBackendOnce('cpu');
  const samples: Sample[] = syntheticMails({ count: 240, seed }).map((s) => (inverted ? { ...s, label: s.label === 1 ? 0 : 1 } : s));
  const { classifier } = await train({ samples, config, onEpochEnd: async () => {} });
  const json = Buffer.from(JSON.stringify(classifier.toArtifact()));
  classifier.dispose();
  return json;
}

export interface ServingFixture {
  store: LocalArtifactStore;
  registry: ModelRegistry;
  /** Puts the bytes in the store and registers a version whose model artifact they are. */
  register(model: string, key: string, bytes: Buffer, overrides?: { sha256?: string; metrics?: Record<string, unknown> }): Promise<number>;
  promote(model: string, version: number): Promise<void>;
  start(overrides?: Partial<PredictionServiceOptions>): Promise<RunningPredictionService>;
  cleanup(): void;
}

export function servingFixture(pg: Pick<TestPostgres, 'pool' | 'url'>): ServingFixture {
  const dir = mkdtempSync(join(tmpdir(), 'factory-serving-'));
  const store = new LocalArtifactStore(dir);
  const registry = new ModelRegistry(pg.pool);
  const logger = createLogger({ level: 'warn', pretty: false });
  return {
    store,
    registry,
    async register(model, key, bytes, overrides = {}) {
      const put: ArtifactRef = await store.put(`${key}/model.json`, bytes);
      const base = registration(model, `${key}/register_model`);
      const { version } = await registry.registerVersion({
        ...base,
        artifacts: { ...base.artifacts, model: { ...put, sha256: overrides.sha256 ?? put.sha256 } },
        ...(overrides.metrics ? { metrics: overrides.metrics } : {}),
      });
      return version.version;
    },
    async promote(model, version) {
      await registry.promoteToChampion(model, version, { actor: 'test', reason: 'serving test' });
    },
    start(overrides = {}) {
      return startPredictionService({
        pool: pg.pool,
        databaseUrl: pg.url,
        store,
        logger,
        models: ['spam'],
        port: 0,
        pollIntervalMs: 60_000,
        ...overrides,
      });
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs JSON; returns status and parsed body. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Polls `check` until it returns true; fails after `ceilingMs` (generous: the CI box is loaded). */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ceilingMs = 60_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
