import type { PoolClient } from 'pg';
import { z } from 'zod';
import { inTransaction, type Pool } from '../db';
import {
  ChampionChangedError,
  GateNotPassedError,
  InvalidStatusTransitionError,
  NoPreviousChampionError,
  RegistrationConflictError,
  UnknownModelVersionError,
} from './errors';
import { parseInput } from './parse-input';
import {
  ALIASES,
  AliasNameSchema,
  ChangeContextSchema,
  ModelNameSchema,
  RegisterVersionInputSchema,
  VersionNumberSchema,
  type AliasHistoryEntry,
  type AliasMove,
  type AliasState,
  type ChangeContext,
  type ModelSummary,
  type ModelVersion,
  type PromoteOptions,
  type RegisterResult,
  type RegisterVersionInput,
  type RollbackOptions,
  type StatusHistoryEntry,
  type VersionStatus,
} from './registry-types';
import { toAliasHistoryEntry, toModelVersion, toStatusHistoryEntry, type AliasHistoryRow, type StatusHistoryRow, type VersionRow } from './rows';

type ParsedContext = z.output<typeof ChangeContextSchema>;

const PROMOTABLE: readonly VersionStatus[] = ['challenger', 'registered', 'archived'];
const CHALLENGEABLE: readonly VersionStatus[] = ['registered'];
const REJECTABLE: readonly VersionStatus[] = ['registered', 'challenger'];

const ref = (model: string, version: number) => ({
  model: parseInput(ModelNameSchema, model, 'model name'),
  version: parseInput(VersionNumberSchema, version, 'version number'),
});

/**
 * The model registry in PostgreSQL. Every write runs in one transaction that first locks the
 * model's row, so version numbering and alias moves of one model are serialized across workers;
 * writes are idempotent (a repeat returns the current state and adds no history).
 */
export class ModelRegistry {
  constructor(private readonly pool: Pool) {}

  /**
   * Registers a version, numbered per model from 1. Idempotent on `registrationKey`: a repeat
   * returns the existing version with `created: false`; the same key with another model or other
   * model bytes raises RegistrationConflictError.
   */
  async registerVersion(input: RegisterVersionInput): Promise<RegisterResult> {
    const data = parseInput(RegisterVersionInputSchema, input, 'model registration');
    return inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO models (name, description) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [data.model, data.description ?? '']);
      await lockModel(client, data.model);
      const existing = await findByKey(client, data.registrationKey);
      if (existing) return { version: checkSameRegistration(existing, data), created: false };

      const next = await client.query<{ next: number }>('SELECT coalesce(max(version), 0) + 1 AS next FROM model_versions WHERE model = $1', [data.model]);
      const { artifacts: a, lineage: l } = data;
      const inserted = await client.query<VersionRow>(
        `INSERT INTO model_versions (
           model, version, registration_key, model_uri, model_sha256, model_size_bytes,
           baseline_uri, baseline_sha256, baseline_size_bytes, checkpoint_uri, checkpoint_sha256, checkpoint_size_bytes,
           reports, metrics, params, dataset_manifest, dataset_sha256, code_version,
           workflow_id, run_id, dag_id, task_id, logical_date, gate)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
         ON CONFLICT (registration_key) DO NOTHING
         RETURNING *`,
        [
          data.model,
          next.rows[0]!.next,
          data.registrationKey,
          a.model.uri,
          a.model.sha256,
          a.model.sizeBytes,
          a.baseline.uri,
          a.baseline.sha256,
          a.baseline.sizeBytes,
          a.checkpoint?.uri ?? null,
          a.checkpoint?.sha256 ?? null,
          a.checkpoint?.sizeBytes ?? null,
          JSON.stringify(a.reports),
          JSON.stringify(data.metrics),
          JSON.stringify(data.params),
          JSON.stringify(data.datasetManifest),
          data.datasetManifest.sha256,
          data.codeVersion,
          l.workflowId,
          l.runId,
          l.dagId ?? null,
          l.taskId,
          l.logicalDate ?? null,
          JSON.stringify(data.gate),
        ],
      );
      const row = inserted.rows[0];
      if (!row) {
        // The key was taken meanwhile by a registration of another model (ours is locked).
        const raced = await findByKey(client, data.registrationKey);
        if (!raced) throw new Error(`registration key ${JSON.stringify(data.registrationKey)} conflicted but no row holds it`);
        return { version: checkSameRegistration(raced, data), created: false };
      }
      await recordStatus(client, row.model, row.version, null, 'registered', {
        actor: `workflow:${l.workflowId}`,
        reason: `registered by task ${l.taskId}`,
        workflowId: l.workflowId,
      });
      return { version: toModelVersion(row), created: true };
    });
  }

  /** One version; UnknownModelVersionError quotes the model and version when there is none. */
  async getVersion(model: string, version: number): Promise<ModelVersion> {
    const v = ref(model, version);
    const client = await this.pool.connect();
    try {
      return toModelVersion(await loadVersion(client, v.model, v.version));
    } finally {
      client.release();
    }
  }

  /** Every model with its latest version and the versions its aliases point at. */
  async listModels(): Promise<ModelSummary[]> {
    const { rows } = await this.pool.query<{
      name: string;
      description: string;
      created_at: Date;
      latest: number | null;
      champion: number | null;
      challenger: number | null;
    }>(
      `SELECT m.name, m.description, m.created_at,
              (SELECT max(v.version) FROM model_versions v WHERE v.model = m.name) AS latest,
              (SELECT a.version FROM model_aliases a WHERE a.model = m.name AND a.alias = $1) AS champion,
              (SELECT a.version FROM model_aliases a WHERE a.model = m.name AND a.alias = $2) AS challenger
         FROM models m ORDER BY m.name`,
      [ALIASES.champion, ALIASES.challenger],
    );
    return rows.map((r) => ({
      name: r.name,
      description: r.description,
      createdAt: r.created_at.toISOString(),
      latestVersion: r.latest,
      champion: r.champion,
      challenger: r.challenger,
    }));
  }

  /** The versions of one model, oldest first. */
  async listVersions(model: string): Promise<ModelVersion[]> {
    const name = parseInput(ModelNameSchema, model, 'model name');
    await this.assertModelExists(name);
    const { rows } = await this.pool.query<VersionRow>('SELECT * FROM model_versions WHERE model = $1 ORDER BY version', [name]);
    return rows.map(toModelVersion);
  }

  /** Where an alias points; `version: null` when it is unset. */
  async getAlias(model: string, alias: string): Promise<AliasState> {
    const name = parseInput(ModelNameSchema, model, 'model name');
    const aliasName = parseInput(AliasNameSchema, alias, 'alias name');
    await this.assertModelExists(name);
    const { rows } = await this.pool.query<{ version: number; updated_at: Date }>(
      'SELECT version, updated_at FROM model_aliases WHERE model = $1 AND alias = $2',
      [name, aliasName],
    );
    const row = rows[0];
    return { model: name, alias: aliasName, version: row?.version ?? null, updatedAt: row?.updated_at.toISOString() ?? null };
  }

  /** The champion version, or null when the model has none or is not registered yet (a first run). */
  async getChampion(model: string): Promise<ModelVersion | null> {
    const name = parseInput(ModelNameSchema, model, 'model name');
    const { rows } = await this.pool.query<VersionRow>(
      `SELECT v.* FROM model_aliases a JOIN model_versions v ON v.model = a.model AND v.version = a.version
        WHERE a.model = $1 AND a.alias = $2`,
      [name, ALIASES.champion],
    );
    return rows[0] ? toModelVersion(rows[0]) : null;
  }

  /** Every alias move of a model (optionally of one alias), oldest first. */
  async aliasHistory(model: string, alias?: string): Promise<AliasHistoryEntry[]> {
    const name = parseInput(ModelNameSchema, model, 'model name');
    await this.assertModelExists(name);
    const { rows } = await this.pool.query<AliasHistoryRow>('SELECT * FROM alias_history WHERE model = $1 AND ($2::text IS NULL OR alias = $2) ORDER BY id', [
      name,
      alias ?? null,
    ]);
    return rows.map(toAliasHistoryEntry);
  }

  /** Every status change of a model (optionally of one version), oldest first. */
  async statusHistory(model: string, version?: number): Promise<StatusHistoryEntry[]> {
    const name = parseInput(ModelNameSchema, model, 'model name');
    await this.assertModelExists(name);
    const { rows } = await this.pool.query<StatusHistoryRow>(
      'SELECT * FROM version_status_history WHERE model = $1 AND ($2::int IS NULL OR version = $2) ORDER BY id',
      [name, version ?? null],
    );
    return rows.map(toStatusHistoryEntry);
  }

  /**
   * Points `alias` at `version` in one transaction, with a history row. For `champion` the old
   * champion becomes `archived` and the new one `champion`; for `challenger` the old challenger
   * goes back to `registered`. Pointing an alias where it already points changes nothing.
   */
  async setAlias(model: string, alias: string, version: number, context: ChangeContext): Promise<AliasMove> {
    const v = ref(model, version);
    const aliasName = parseInput(AliasNameSchema, alias, 'alias name');
    const ctx = parseInput(ChangeContextSchema, context, 'change context');
    return inTransaction(this.pool, async (client) => {
      await lockModel(client, v.model, v.version);
      const target = await loadVersion(client, v.model, v.version);
      const current = await aliasVersion(client, v.model, aliasName);
      if (current === v.version) return { model: v.model, alias: aliasName, from: current, to: current, changed: false };
      return moveAlias(client, target, aliasName, current, ctx);
    });
  }

  /** Offers a registered version whose gate passed for approval: the `challenger` alias moves to it. */
  async markChallenger(model: string, version: number, context: ChangeContext): Promise<AliasMove> {
    return this.setAlias(model, ALIASES.challenger, version, context);
  }

  /**
   * Moves `champion` to a version in status challenger, registered or archived. With
   * `expectedChampion`, fails with ChampionChangedError when another version took the alias since.
   */
  async promoteToChampion(model: string, version: number, options: PromoteOptions): Promise<AliasMove> {
    const v = ref(model, version);
    const { expectedChampion, ...context } = options;
    const ctx = parseInput(ChangeContextSchema, context, 'change context');
    return inTransaction(this.pool, async (client) => {
      await lockModel(client, v.model, v.version);
      const target = await loadVersion(client, v.model, v.version);
      const current = await aliasVersion(client, v.model, ALIASES.champion);
      if (current === v.version) return { model: v.model, alias: ALIASES.champion, from: current, to: current, changed: false };
      if (expectedChampion !== undefined && current !== expectedChampion) throw new ChampionChangedError(v.model, expectedChampion, current);
      return moveAlias(client, target, ALIASES.champion, current, ctx);
    });
  }

  /**
   * Moves `champion` back: to `options.to`, or else to the version that was champion before the
   * current one. With `options.from`, a repeat after success is a no-op, not a second rollback.
   */
  async rollback(model: string, options: RollbackOptions): Promise<AliasMove> {
    const name = parseInput(ModelNameSchema, model, 'model name');
    const { to, from, ...context } = options;
    if (to !== undefined) parseInput(VersionNumberSchema, to, 'rollback target version');
    if (from !== undefined) parseInput(VersionNumberSchema, from, 'rolled-back version');
    const ctx = parseInput(ChangeContextSchema, context, 'change context');
    return inTransaction(this.pool, async (client) => {
      await lockModel(client, name);
      const current = await aliasVersion(client, name, ALIASES.champion);
      const unchanged: AliasMove = { model: name, alias: ALIASES.champion, from: current, to: current, changed: false };
      if (to !== undefined && current === to) return unchanged;
      if (from !== undefined && current !== from) {
        const last = await client.query<{ from_version: number | null; to_version: number | null }>(
          'SELECT from_version, to_version FROM alias_history WHERE model = $1 AND alias = $2 ORDER BY id DESC LIMIT 1',
          [name, ALIASES.champion],
        );
        const lastMove = last.rows[0];
        const alreadyRolledBack = lastMove?.from_version === from && lastMove.to_version === current;
        if (alreadyRolledBack) return unchanged;
        throw new ChampionChangedError(name, from, current);
      }
      if (current === null) throw new NoPreviousChampionError(name, null);
      const targetVersion = to ?? (await previousChampion(client, name, current));
      const target = await loadVersion(client, name, targetVersion);
      return moveAlias(client, target, ALIASES.champion, current, ctx);
    });
  }

  /**
   * Rejects a registered or challenger version (a person's decision or an approval timeout); a
   * challenger alias on it is removed and the champion is untouched. Rejecting again is a no-op.
   */
  async rejectVersion(model: string, version: number, context: ChangeContext): Promise<{ version: ModelVersion; changed: boolean }> {
    const v = ref(model, version);
    const ctx = parseInput(ChangeContextSchema, context, 'change context');
    return inTransaction(this.pool, async (client) => {
      await lockModel(client, v.model, v.version);
      const target = await loadVersion(client, v.model, v.version);
      if (target.status === 'rejected') return { version: toModelVersion(target), changed: false };
      if (!REJECTABLE.includes(target.status)) throw new InvalidStatusTransitionError(v.model, v.version, target.status, 'reject', REJECTABLE);
      if ((await aliasVersion(client, v.model, ALIASES.challenger)) === v.version) {
        await recordAlias(client, v.model, ALIASES.challenger, v.version, null, ctx);
      }
      await recordStatus(client, v.model, v.version, target.status, 'rejected', ctx);
      return { version: toModelVersion(await loadVersion(client, v.model, v.version)), changed: true };
    });
  }

  private async assertModelExists(model: string): Promise<void> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM models WHERE name = $1', [model]);
    if (rowCount === 0) throw new UnknownModelVersionError(model, undefined, undefined);
  }
}

/** Serializes every write to one model: version numbering and alias moves wait here. */
async function lockModel(client: PoolClient, model: string, version?: number): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM models WHERE name = $1 FOR UPDATE', [model]);
  if (rowCount === 0) throw new UnknownModelVersionError(model, version, undefined);
}

async function loadVersion(client: PoolClient, model: string, version: number): Promise<VersionRow> {
  const { rows } = await client.query<VersionRow>('SELECT * FROM model_versions WHERE model = $1 AND version = $2', [model, version]);
  if (rows[0]) return rows[0];
  const latest = await client.query<{ exists: boolean; latest: number | null }>(
    'SELECT EXISTS (SELECT 1 FROM models WHERE name = $1) AS exists, (SELECT max(version) FROM model_versions WHERE model = $1) AS latest',
    [model],
  );
  const found = latest.rows[0]!;
  throw new UnknownModelVersionError(model, version, found.exists ? found.latest : undefined);
}

async function findByKey(client: PoolClient, key: string): Promise<VersionRow | undefined> {
  const { rows } = await client.query<VersionRow>('SELECT * FROM model_versions WHERE registration_key = $1', [key]);
  return rows[0];
}

function checkSameRegistration(existing: VersionRow, data: z.output<typeof RegisterVersionInputSchema>): ModelVersion {
  if (existing.model !== data.model || existing.model_sha256 !== data.artifacts.model.sha256) {
    throw new RegistrationConflictError(
      data.registrationKey,
      { model: existing.model, version: existing.version, modelSha256: existing.model_sha256 },
      { model: data.model, modelSha256: data.artifacts.model.sha256 },
    );
  }
  return toModelVersion(existing);
}

async function aliasVersion(client: PoolClient, model: string, alias: string): Promise<number | null> {
  const { rows } = await client.query<{ version: number }>('SELECT version FROM model_aliases WHERE model = $1 AND alias = $2', [model, alias]);
  return rows[0]?.version ?? null;
}

/** The version `current` replaced when it last became champion. */
async function previousChampion(client: PoolClient, model: string, current: number): Promise<number> {
  const { rows } = await client.query<{ from_version: number | null }>(
    'SELECT from_version FROM alias_history WHERE model = $1 AND alias = $2 AND to_version = $3 ORDER BY id DESC LIMIT 1',
    [model, ALIASES.champion, current],
  );
  const previous = rows[0]?.from_version;
  if (previous === null || previous === undefined) throw new NoPreviousChampionError(model, current);
  return previous;
}

/**
 * Moves an alias whose current target is `current` (not `target`) and keeps statuses in step.
 * Callers hold the model lock. Statuses change before the alias, so the one-champion index
 * never sees two champions.
 */
async function moveAlias(client: PoolClient, target: VersionRow, alias: string, current: number | null, ctx: ParsedContext): Promise<AliasMove> {
  const { model, version } = target;
  if (alias === ALIASES.champion || alias === ALIASES.challenger) {
    const allowed = alias === ALIASES.champion ? PROMOTABLE : CHALLENGEABLE;
    const action = alias === ALIASES.champion ? 'promote to champion' : 'mark as challenger';
    if (!allowed.includes(target.status)) throw new InvalidStatusTransitionError(model, version, target.status, action, allowed);
    if (!target.gate.passed) throw new GateNotPassedError(model, version, target.gate.reasons);
  } else if (target.status === 'rejected') {
    throw new InvalidStatusTransitionError(model, version, target.status, `point alias ${JSON.stringify(alias)} at`, [
      'registered',
      'challenger',
      'champion',
      'archived',
    ]);
  }

  if (alias === ALIASES.champion) {
    if (current !== null) await recordStatus(client, model, current, 'champion', 'archived', ctx);
    if ((await aliasVersion(client, model, ALIASES.challenger)) === version) {
      await recordAlias(client, model, ALIASES.challenger, version, null, ctx);
    }
    await recordStatus(client, model, version, target.status, 'champion', ctx);
  } else if (alias === ALIASES.challenger) {
    const replaced = current === null ? undefined : await loadVersion(client, model, current);
    if (replaced?.status === 'challenger') {
      const reason = `replaced as challenger by version ${version}: ${ctx.reason}`;
      await recordStatus(client, model, replaced.version, 'challenger', 'registered', { ...ctx, reason });
    }
    await recordStatus(client, model, version, target.status, 'challenger', ctx);
  }
  await recordAlias(client, model, alias, current, version, ctx);
  return { model, alias, from: current, to: version, changed: true };
}

async function recordStatus(
  client: PoolClient,
  model: string,
  version: number,
  from: VersionStatus | null,
  to: VersionStatus,
  ctx: ParsedContext,
): Promise<void> {
  await client.query('UPDATE model_versions SET status = $3, status_changed_at = now() WHERE model = $1 AND version = $2', [model, version, to]);
  await client.query(
    `INSERT INTO version_status_history (model, version, from_status, to_status, actor, reason, workflow_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [model, version, from, to, ctx.actor, ctx.reason, ctx.workflowId ?? null],
  );
}

/** Sets (or with `to: null` removes) an alias and appends its history row. */
async function recordAlias(client: PoolClient, model: string, alias: string, from: number | null, to: number | null, ctx: ParsedContext): Promise<void> {
  if (to === null) {
    await client.query('DELETE FROM model_aliases WHERE model = $1 AND alias = $2', [model, alias]);
  } else {
    await client.query(
      `INSERT INTO model_aliases (model, alias, version) VALUES ($1, $2, $3)
       ON CONFLICT (model, alias) DO UPDATE SET version = EXCLUDED.version, updated_at = now()`,
      [model, alias, to],
    );
  }
  await client.query(
    `INSERT INTO alias_history (model, alias, from_version, to_version, actor, reason, workflow_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [model, alias, from, to, ctx.actor, ctx.reason, ctx.workflowId ?? null],
  );
}
