import type { Pool } from '../lib/db';
// Types from their dependency-free module: the client's declarations must not reach pg's.
import type { AliasHistoryEntry, AliasState, ModelSummary, ModelVersion, StatusHistoryEntry } from '../lib/registry/registry-types';
import type { RegistryPool } from './client-types';
import { InvalidCallArgumentError, RegistryNotConfiguredError } from './errors';
import { MODEL_NAME_PATTERN, MODEL_NAME_RULE } from '../common/validation';

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
    listVersions: async (model) => (await open('listVersions')).listVersions(checkedModel('listVersions', model)),
    getVersion: async (model, version) => (await open('getVersion')).getVersion(checkedModel('getVersion', model), checkedVersion('getVersion', version)),
    getChampion: async (model) => (await open('getChampion')).getChampion(checkedModel('getChampion', model)),
    getAlias: async (model, alias) => (await open('getAlias')).getAlias(checkedModel('getAlias', model), checkedAlias('getAlias', alias)),
    aliasHistory: async (model, alias) =>
      (await open('aliasHistory')).aliasHistory(checkedModel('aliasHistory', model), alias === undefined ? undefined : checkedAlias('aliasHistory', alias)),
    statusHistory: async (model, version) =>
      (await open('statusHistory')).statusHistory(
        checkedModel('statusHistory', model),
        version === undefined ? undefined : checkedVersion('statusHistory', version),
      ),
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

// Checked before the database is asked: a wrong argument is named, never a SQL error.
function checkedModel(operation: string, model: unknown): string {
  if (typeof model === 'string' && MODEL_NAME_PATTERN.test(model)) return model;
  throw new InvalidCallArgumentError(operation, 'model', model, `a model name (${MODEL_NAME_RULE})`);
}

function checkedVersion(operation: string, version: unknown): number {
  if (typeof version === 'number' && Number.isSafeInteger(version) && version >= 1) return version;
  throw new InvalidCallArgumentError(
    operation,
    'version',
    typeof version === 'number' && !Number.isFinite(version) ? String(version) : version,
    'a positive integer version such as 3',
  );
}

function checkedAlias(operation: string, alias: unknown): string {
  if (typeof alias === 'string' && /^[a-z][a-z0-9_-]{0,62}$/.test(alias)) return alias;
  throw new InvalidCallArgumentError(operation, 'alias', alias, 'an alias name such as "champion" or "challenger"');
}
