import type { Pool } from '../lib/db';
// Types from their dependency-free module: the client's declarations must not reach pg's.
import type { AliasHistoryEntry, AliasState, ModelSummary, ModelVersion, StatusHistoryEntry } from '../lib/registry/registry-types';
import type { RegistryPool } from './client-types';
import { RegistryNotConfiguredError } from './errors';

/** Read-only calls on the model registry, shaped like MLflow's client. */
export interface RegistryReads {
  /** Models with latest version, champion and challenger. */
  listModels(): Promise<ModelSummary[]>;
  /** Every version of a model, oldest first, with metrics, gate, lineage and artifact URIs. */
  listVersions(model: string): Promise<ModelVersion[]>;
  /** One version (UnknownModelVersionError when there is none). */
  getVersion(model: string, version: number): Promise<ModelVersion>;
  /** The `champion` version, or null when the model has none yet. */
  getChampion(model: string): Promise<ModelVersion | null>;
  /** Where an alias points (`version: null` when unset). */
  getAlias(model: string, alias: string): Promise<AliasState>;
  /** Every move of the model's aliases (or one alias), oldest first. */
  aliasHistory(model: string, alias?: string): Promise<AliasHistoryEntry[]>;
  /** Every status change of the model's versions (or one version), oldest first. */
  statusHistory(model: string, version?: number): Promise<StatusHistoryEntry[]>;
}

export interface RegistryReadsOptions {
  readonly pool?: RegistryPool;
  readonly databaseUrl?: string;
}

/**
 * The registry reads over PostgreSQL. pg and the registry code load at the first call (a lazy
 * require), so a client that never reads the registry never loads them; a call without
 * a database throws RegistryNotConfiguredError naming the call.
 */
export function lazyRegistryReads(options: RegistryReadsOptions): { reads: RegistryReads; close(): Promise<void> } {
  let ownPool: Pool | undefined;
  let registry: Promise<RegistryReads> | undefined;
  const open = async (operation: string): Promise<RegistryReads> => {
    const url = options.databaseUrl ?? process.env.DATABASE_URL;
    if (!options.pool && !url) throw new RegistryNotConfiguredError(operation);
    registry ??= Promise.resolve().then(() => {
      // require, not import(): the package is CommonJS, where a compiled import() is a real ESM
      // import that needs file extensions. Typed through `typeof import`, so nothing is lost.
      const { ModelRegistry } = require('../lib/registry') as typeof import('../lib/registry');
      // A pg Pool, typed structurally at the boundary (RegistryPool).
      if (options.pool) return new ModelRegistry(options.pool as unknown as Pool);
      const { createPool } = require('../lib/db') as typeof import('../lib/db');
      ownPool = createPool(url!, { max: 2 });
      return new ModelRegistry(ownPool);
    });
    return registry;
  };
  const reads: RegistryReads = {
    listModels: async () => (await open('listModels')).listModels(),
    listVersions: async (model) => (await open('listVersions')).listVersions(model),
    getVersion: async (model, version) => (await open('getVersion')).getVersion(model, version),
    getChampion: async (model) => (await open('getChampion')).getChampion(model),
    getAlias: async (model, alias) => (await open('getAlias')).getAlias(model, alias),
    aliasHistory: async (model, alias) => (await open('aliasHistory')).aliasHistory(model, alias),
    statusHistory: async (model, version) => (await open('statusHistory')).statusHistory(model, version),
  };
  return {
    reads,
    async close() {
      await ownPool?.end();
    },
  };
}

/** Every artifact URI of a version by name: `model`, `baseline`, `checkpoint`, `reports.<name>`. Pure. */
export function artifactUris(version: Pick<ModelVersion, 'artifacts'>): Record<string, string> {
  const { model, baseline, checkpoint, reports } = version.artifacts;
  return {
    model: model.uri,
    baseline: baseline.uri,
    ...(checkpoint ? { checkpoint: checkpoint.uri } : {}),
    ...Object.fromEntries(Object.entries(reports).map(([name, ref]) => [`reports.${name}`, ref.uri])),
  };
}
