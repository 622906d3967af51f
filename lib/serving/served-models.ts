import type { Logger } from 'pino';
import type { ArtifactStore } from '../artifacts';
import type { Pool } from '../db';
import { ModelRegistry, type ModelVersion } from '../registry';
import { ModelLoadError } from './errors';
import { loadModelVersion, type LoadedModel } from './model-loader';
import { SERVING_METRICS, type ServingMetrics } from './serving-metrics';
import { readTrafficSplit, type TrafficSplit } from './traffic-store';

/** What one model is served with now; replaced whole, so a request reads one consistent view. */
export interface ModelState {
  readonly champion: LoadedModel | null;
  /** Loaded while the split is shadow or canary. */
  readonly challenger: LoadedModel | null;
  readonly split: TrafficSplit | null;
}

export interface LoadFailure {
  readonly version: number;
  readonly role: 'champion' | 'challenger';
  readonly reason: ModelLoadError['reason'];
  readonly message: string;
  readonly at: string;
}

// A retired classifier is freed after this, so a shadow score that took it a moment ago finishes.
const RETIRE_AFTER_MS = 10_000;

/**
 * The versions this service answers with, per model, kept in step with the registry's champion
 * alias and the traffic split. `refresh` loads a new version fully before it swaps the state in
 * (one assignment, between two requests), so an alias move drops no request; a version whose
 * artifact fails its sha256 check or does not load is refused and the previous one keeps serving.
 * A version refused for its bytes is not tried again by this process: the registry's sha256 pins
 * the bytes, so a retry would read the same ones. An unreadable one (store down) is retried.
 */
export class ServedModels {
  private readonly states = new Map<string, ModelState>();
  private readonly failures = new Map<string, LoadFailure>();
  private readonly refused = new Map<string, Set<number>>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly registry: ModelRegistry;
  private readonly retiring = new Map<NodeJS.Timeout, readonly LoadedModel[]>();

  constructor(
    private readonly deps: { pool: Pool; store: ArtifactStore; logger: Logger; metrics: ServingMetrics },
    readonly models: readonly string[],
  ) {
    this.registry = new ModelRegistry(deps.pool);
    for (const m of models) this.states.set(m, { champion: null, challenger: null, split: null });
  }

  state(model: string): ModelState | undefined {
    return this.states.get(model);
  }

  /** The latest load that was refused for a model (cleared when a load of that role succeeds). */
  lastFailure(model: string): LoadFailure | undefined {
    return this.failures.get(model);
  }

  /** Re-reads the champion and split of `model` and loads what changed; concurrent calls coalesce. */
  refresh(model: string): Promise<void> {
    if (!this.states.has(model)) return Promise.resolve();
    const current = this.running.get(model);
    if (current) {
      this.again.add(model);
      return current;
    }
    const run = (async () => {
      try {
        do {
          this.again.delete(model);
          await this.refreshOnce(model);
        } while (this.again.has(model));
      } finally {
        this.running.delete(model);
      }
    })();
    this.running.set(model, run);
    return run;
  }

  refreshAll(): Promise<void[]> {
    return Promise.all(this.models.map((m) => this.refresh(m)));
  }

  /** Frees every classifier; the service calls it after the server has stopped taking requests. */
  dispose(): void {
    const all = new Set<LoadedModel>();
    for (const [timer, models] of this.retiring) {
      clearTimeout(timer);
      for (const m of models) all.add(m);
    }
    this.retiring.clear();
    for (const s of this.states.values()) {
      if (s.champion) all.add(s.champion);
      if (s.challenger) all.add(s.challenger);
    }
    for (const m of all) m.classifier.dispose();
    this.states.clear();
  }

  private async refreshOnce(model: string): Promise<void> {
    const before = this.states.get(model);
    if (!before) return;
    const [champion, split] = await Promise.all([this.registry.getChampion(model), readTrafficSplit(this.deps.pool, model)]);
    const wantChallenger = split && split.mode !== 'off' ? split.challenger : null;
    const loaded = [before.champion, before.challenger].filter((m): m is LoadedModel => m !== null);
    const pick = async (role: 'champion' | 'challenger', want: number | null, keep: LoadedModel | null): Promise<LoadedModel | null> => {
      if (want === null) return null;
      const have = loaded.find((m) => m.version === want);
      if (have) return have;
      if (this.refused.get(model)?.has(want)) return keep;
      const version = role === 'champion' && champion ? champion : await this.registry.getVersion(model, want);
      return (await this.load(version, role)) ?? keep;
    };
    const nextChampion = await pick('champion', champion?.version ?? null, before.champion);
    const nextChallenger = await pick('challenger', wantChallenger, null);
    const next: ModelState = { champion: nextChampion, challenger: nextChallenger, split };
    if (this.states.get(model) !== before) return; // disposed meanwhile
    this.states.set(model, next);
    this.retire(loaded.filter((m) => m !== nextChampion && m !== nextChallenger));
    const { metrics, logger } = this.deps;
    metrics.set(SERVING_METRICS.servedVersion, { model, role: 'champion' }, nextChampion?.version ?? 0);
    metrics.set(SERVING_METRICS.servedVersion, { model, role: 'challenger' }, nextChallenger?.version ?? 0);
    if (before.champion?.version !== nextChampion?.version) {
      logger.info({ modelName: model, modelVersion: nextChampion?.version ?? null, from: before.champion?.version ?? null }, 'serving champion');
    }
    if (before.challenger?.version !== nextChallenger?.version || before.split?.mode !== split?.mode) {
      logger.info(
        { modelName: model, modelVersion: nextChallenger?.version ?? null, mode: split?.mode ?? 'off', canaryPercent: split?.canaryPercent ?? 0 },
        'traffic split',
      );
    }
  }

  private async load(version: ModelVersion, role: 'champion' | 'challenger'): Promise<LoadedModel | null> {
    const { metrics, logger } = this.deps;
    const { model } = version;
    try {
      const loaded = await loadModelVersion(this.deps.store, version);
      metrics.inc(SERVING_METRICS.modelLoads, { model, version: version.version, outcome: 'ok' });
      if (this.failures.get(model)?.role === role) this.failures.delete(model);
      return loaded;
    } catch (err) {
      if (!(err instanceof ModelLoadError)) throw err;
      metrics.inc(SERVING_METRICS.modelLoads, { model, version: version.version, outcome: err.reason });
      // An unreadable artifact (store down) may come back; a bad one never will.
      if (err.reason !== 'unreadable') {
        const refused = this.refused.get(model) ?? new Set<number>();
        this.refused.set(model, refused.add(version.version));
      }
      this.failures.set(model, { version: version.version, role, reason: err.reason, message: err.message, at: new Date().toISOString() });
      logger.error({ err, modelName: model, modelVersion: version.version, role, reason: err.reason, artifactUri: err.artifactUri }, 'model version refused');
      return null;
    }
  }

  private retire(models: readonly LoadedModel[]): void {
    if (models.length === 0) return;
    const timer = setTimeout(() => {
      this.retiring.delete(timer);
      for (const m of models) m.classifier.dispose();
    }, RETIRE_AFTER_MS);
    timer.unref();
    this.retiring.set(timer, models);
  }
}
