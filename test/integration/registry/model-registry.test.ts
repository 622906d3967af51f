import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChampionChangedError,
  GateNotPassedError,
  InvalidRegistryInputError,
  InvalidStatusTransitionError,
  ModelRegistry,
  NoPreviousChampionError,
  RegistrationConflictError,
  UnknownModelVersionError,
} from '../../../lib/registry';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';
import { registration } from './registration-fixture';

const who = { actor: 'alice', reason: 'better F1', workflowId: 'wf-test' };

describe('model registry on PostgreSQL', () => {
  let pg: TestPostgres;
  let registry: ModelRegistry;
  before(async () => {
    pg = await startTestPostgres();
    // pool.end() in stop() resolves before idle connections have closed, so the server's shutdown
    // can reach an idle one, which the pool re-emits as 'error'; the concurrency tests open many.
    pg.pool.on('error', () => undefined);
    registry = new ModelRegistry(pg.pool);
  });
  after(() => pg?.stop());

  const countVersions = async (model: string) =>
    (await pg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM model_versions WHERE model = $1', [model])).rows[0]!.n;

  /** Registers `n` versions of `model` one after another; returns their numbers. */
  const registerN = async (model: string, n: number) => {
    const out: number[] = [];
    for (let i = 1; i <= n; i++) out.push((await registry.registerVersion(registration(model, `${model}-wf-${i}/register_model`))).version.version);
    return out;
  };

  describe('registration', () => {
    test('registering twice with the same key returns the first version and adds nothing', async () => {
      const first = await registry.registerVersion(registration('idem', 'weekly-1/register_model'));
      const again = await registry.registerVersion(registration('idem', 'weekly-1/register_model'));
      assert.equal(first.created, true);
      assert.equal(again.created, false);
      assert.deepEqual(again.version, first.version);
      assert.equal(await countVersions('idem'), 1);
      assert.equal((await registry.statusHistory('idem')).length, 1);
    });

    test('stores artifacts, metrics, dataset and lineage as given', async () => {
      const input = registration('lineage', 'weekly-7/register_model');
      const { version } = await registry.registerVersion(input);
      assert.equal(version.status, 'registered');
      assert.deepEqual(version.artifacts.model, input.artifacts.model);
      assert.deepEqual(version.artifacts.checkpoint, input.artifacts.checkpoint);
      assert.deepEqual(version.artifacts.reports, input.artifacts.reports);
      assert.deepEqual(version.metrics, input.metrics);
      assert.equal(version.dataset.sha256, input.datasetManifest.sha256);
      assert.deepEqual(version.lineage, {
        workflowId: 'weekly-7',
        runId: 'run-of-weekly-7',
        dagId: 'weekly_retraining',
        taskId: 'register_model',
        logicalDate: '2002-03-01T03:00:00.000Z',
      });
      assert.deepEqual(await registry.getVersion('lineage', 1), version);
    });

    test('numbers versions 1 to 10 with no gaps or duplicates under 10 concurrent registrations', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => registry.registerVersion(registration('concurrent', `concurrent-${i}/register_model`))),
      );
      assert.deepEqual(
        results.map((r) => r.version.version).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      );
      assert.ok(results.every((r) => r.created));
      assert.deepEqual(
        (await registry.listVersions('concurrent')).map((v) => v.version),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      );
    });

    test('concurrent registrations with one key make one version', async () => {
      const results = await Promise.all(Array.from({ length: 6 }, () => registry.registerVersion(registration('same-key', 'retried/register_model'))));
      assert.deepEqual(new Set(results.map((r) => r.version.version)), new Set([1]));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(await countVersions('same-key'), 1);
    });

    test('numbers versions per model, each model starting at 1', async () => {
      await registerN('per-model-a', 2);
      const b = await registry.registerVersion(registration('per-model-b', 'per-model-b-1/register_model'));
      assert.equal(b.version.version, 1);
    });

    test('refuses the same key with different model bytes, quoting both hashes', async () => {
      const input = registration('conflict', 'reset-run/register_model');
      const { version } = await registry.registerVersion(input);
      const other = registration('conflict', 'other/register_model');
      await assert.rejects(
        registry.registerVersion({ ...input, artifacts: other.artifacts }),
        (err: unknown) =>
          err instanceof RegistrationConflictError &&
          err.message ===
            `registration key "reset-run/register_model" already registered version 1 of model "conflict" (model sha256 ${version.artifacts.model.sha256}); ` +
              `this call has model "conflict" with sha256 ${other.artifacts.model.sha256}. Use a new workflow id to register a different model.`,
      );
      assert.equal(await countVersions('conflict'), 1);
    });

    test('rejects an invalid registration naming the field and the value, and writes nothing', async () => {
      const input = registration('invalid', 'bad/register_model');
      await assert.rejects(
        registry.registerVersion({ ...input, artifacts: { ...input.artifacts, model: { uri: 'file:///m', sha256: 'XYZ', sizeBytes: 1 } } }),
        (err: unknown) =>
          err instanceof InvalidRegistryInputError &&
          err.message === 'invalid model registration: artifacts.model.sha256: must be 64 lowercase hex digits (got "XYZ")',
      );
      await assert.rejects(registry.listVersions('invalid'), UnknownModelVersionError);
    });
  });

  describe('promotion', () => {
    test('promotion moves the champion alias, archives the old champion and records who and why', async () => {
      await registerN('promo', 2);
      await registry.markChallenger('promo', 1, { actor: 'gate', reason: 'gate passed' });
      assert.deepEqual(await registry.promoteToChampion('promo', 1, who), { model: 'promo', alias: 'champion', from: null, to: 1, changed: true });
      await registry.markChallenger('promo', 2, { actor: 'gate', reason: 'gate passed' });
      await registry.promoteToChampion('promo', 2, { ...who, actor: 'bob', reason: 'approved' });

      assert.equal((await registry.getAlias('promo', 'champion')).version, 2);
      assert.equal((await registry.getAlias('promo', 'challenger')).version, null);
      assert.deepEqual(
        (await registry.listVersions('promo')).map((v) => v.status),
        ['archived', 'champion'],
      );
      const history = (await registry.aliasHistory('promo')).map((h) => [h.alias, h.fromVersion, h.toVersion, h.actor, h.reason]);
      assert.deepEqual(history, [
        ['challenger', null, 1, 'gate', 'gate passed'],
        ['challenger', 1, null, 'alice', 'better F1'],
        ['champion', null, 1, 'alice', 'better F1'],
        ['challenger', null, 2, 'gate', 'gate passed'],
        ['challenger', 2, null, 'bob', 'approved'],
        ['champion', 1, 2, 'bob', 'approved'],
      ]);
      const [summary] = (await registry.listModels()).filter((m) => m.name === 'promo');
      assert.deepEqual([summary?.champion, summary?.challenger, summary?.latestVersion], [2, null, 2]);
    });

    test('promoting the current champion again is a no-op that adds no history', async () => {
      await registerN('noop', 1);
      await registry.promoteToChampion('noop', 1, who);
      const before = (await registry.aliasHistory('noop')).length;
      assert.deepEqual(await registry.promoteToChampion('noop', 1, who), { model: 'noop', alias: 'champion', from: 1, to: 1, changed: false });
      assert.equal((await registry.aliasHistory('noop')).length, before);
    });

    test('two concurrent promotions of one model leave exactly one champion and a serialized history', async () => {
      await registerN('race', 3);
      await registry.promoteToChampion('race', 1, who);
      const moves = await Promise.all([
        registry.promoteToChampion('race', 2, { ...who, actor: 'run-2' }),
        registry.promoteToChampion('race', 3, { ...who, actor: 'run-3' }),
      ]);
      assert.ok(moves.every((m) => m.changed));
      const champion = (await registry.getAlias('race', 'champion')).version;
      const history = await registry.aliasHistory('race', 'champion');
      assert.equal(history.length, 3);
      // Serialized: the second move starts from where the first one left the alias.
      assert.equal(history[1]!.fromVersion, 1);
      assert.equal(history[2]!.fromVersion, history[1]!.toVersion);
      assert.equal(history[2]!.toVersion, champion);
      const statuses = await registry.listVersions('race');
      assert.deepEqual(
        statuses.filter((v) => v.status === 'champion').map((v) => v.version),
        [champion],
      );
      assert.equal(statuses.filter((v) => v.status === 'archived').length, 2);
    });

    test('eight concurrent promotions keep one champion and an unbroken history chain', async () => {
      await registerN('stampede', 8);
      await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((v) => registry.promoteToChampion('stampede', v, { ...who, actor: `run-${v}` })));
      const history = await registry.aliasHistory('stampede', 'champion');
      assert.equal(history.length, 8);
      history.forEach((h, i) => assert.equal(h.fromVersion, i === 0 ? null : history[i - 1]!.toVersion));
      const { rows } = await pg.pool.query("SELECT version FROM model_versions WHERE model = 'stampede' AND status = 'champion'");
      assert.deepEqual(rows, [{ version: history[7]!.toVersion }]);
    });

    test('a promotion against a stale expected champion changes nothing', async () => {
      await registerN('stale', 3);
      await registry.promoteToChampion('stale', 1, who);
      await registry.promoteToChampion('stale', 2, who);
      await assert.rejects(
        registry.promoteToChampion('stale', 3, { ...who, expectedChampion: 1 }),
        (err: unknown) =>
          err instanceof ChampionChangedError && err.message === 'champion of model "stale" is version 2, not version 1 as expected; nothing was changed',
      );
      assert.equal((await registry.getAlias('stale', 'champion')).version, 2);
    });

    test('a version whose gate failed cannot become challenger or champion', async () => {
      await registry.registerVersion(
        registration('failed-gate', 'fg-1/register_model', { gate: { passed: false, reasons: ['f1 0.800 is below the minimum 0.950'] } }),
      );
      const refused = (err: unknown) =>
        err instanceof GateNotPassedError &&
        err.message === 'version 1 of model "failed-gate" did not pass its evaluation gate: f1 0.800 is below the minimum 0.950';
      await assert.rejects(registry.markChallenger('failed-gate', 1, who), refused);
      await assert.rejects(registry.promoteToChampion('failed-gate', 1, who), refused);
      assert.equal((await registry.getVersion('failed-gate', 1)).status, 'registered');
    });

    test('a new challenger sends the previous one back to registered', async () => {
      await registerN('two-challengers', 2);
      await registry.markChallenger('two-challengers', 1, who);
      await registry.markChallenger('two-challengers', 2, who);
      assert.deepEqual(
        (await registry.listVersions('two-challengers')).map((v) => v.status),
        ['registered', 'challenger'],
      );
    });

    test('unknown models and versions are named in the message', async () => {
      await registerN('known', 2);
      await assert.rejects(registry.getVersion('known', 7), { message: 'version 7 of model "known" does not exist (latest: 2)' });
      await assert.rejects(registry.promoteToChampion('known', 7, who), { message: 'version 7 of model "known" does not exist (latest: 2)' });
      await assert.rejects(registry.promoteToChampion('nope', 1, who), { message: 'version 1 of model "nope" does not exist: the model is not registered' });
      await assert.rejects(registry.listVersions('nope'), { message: 'model "nope" does not exist: the model is not registered' });
      assert.equal(await registry.getChampion('nope'), null);
    });
  });

  describe('rejection and rollback', () => {
    test('rejecting the challenger (an approval timeout) leaves the champion unchanged', async () => {
      await registerN('timeout', 2);
      await registry.promoteToChampion('timeout', 1, who);
      await registry.markChallenger('timeout', 2, { actor: 'gate', reason: 'gate passed' });
      const rejected = await registry.rejectVersion('timeout', 2, { actor: 'timeout', reason: 'no approval within 24h', workflowId: 'wf-9' });
      assert.equal(rejected.changed, true);
      assert.equal(rejected.version.status, 'rejected');
      assert.equal((await registry.getChampion('timeout'))?.version, 1);
      assert.equal((await registry.getAlias('timeout', 'challenger')).version, null);
      const last = (await registry.statusHistory('timeout', 2)).at(-1);
      assert.deepEqual(
        [last?.fromStatus, last?.toStatus, last?.actor, last?.reason, last?.workflowId],
        ['challenger', 'rejected', 'timeout', 'no approval within 24h', 'wf-9'],
      );
      assert.equal((await registry.rejectVersion('timeout', 2, who)).changed, false);
      await assert.rejects(
        registry.promoteToChampion('timeout', 2, who),
        (err: unknown) =>
          err instanceof InvalidStatusTransitionError &&
          err.message === 'cannot promote to champion version 2 of model "timeout": its status is "rejected" (allowed: challenger, registered, archived)',
      );
    });

    test('rolling back restores the previous champion and archives the current one', async () => {
      await registerN('rollback', 3);
      for (const v of [1, 2, 3]) await registry.promoteToChampion('rollback', v, who);
      const move = await registry.rollback('rollback', { actor: 'oncall', reason: 'v3 flags newsletters' });
      assert.deepEqual(move, { model: 'rollback', alias: 'champion', from: 3, to: 2, changed: true });
      assert.deepEqual(
        (await registry.listVersions('rollback')).map((v) => v.status),
        ['archived', 'champion', 'archived'],
      );
      const last = (await registry.aliasHistory('rollback', 'champion')).at(-1);
      assert.deepEqual([last?.fromVersion, last?.toVersion, last?.actor, last?.reason], [3, 2, 'oncall', 'v3 flags newsletters']);
    });

    test('a repeated rollback from the same version is a no-op, not a second move', async () => {
      await registerN('rollback-retry', 2);
      for (const v of [1, 2]) await registry.promoteToChampion('rollback-retry', v, who);
      const options = { from: 2, actor: 'oncall', reason: 'bad release' };
      assert.equal((await registry.rollback('rollback-retry', options)).changed, true);
      assert.deepEqual(await registry.rollback('rollback-retry', options), { model: 'rollback-retry', alias: 'champion', from: 1, to: 1, changed: false });
      assert.equal((await registry.aliasHistory('rollback-retry', 'champion')).length, 3);
    });

    test('rolling back to a named version moves the champion there', async () => {
      await registerN('rollback-to', 3);
      for (const v of [1, 2, 3]) await registry.promoteToChampion('rollback-to', v, who);
      assert.equal((await registry.rollback('rollback-to', { to: 1, actor: 'oncall', reason: 'back to known good' })).to, 1);
      assert.equal((await registry.getChampion('rollback-to'))?.version, 1);
    });

    test('rolling back the first champion says there is nothing earlier', async () => {
      await registerN('first', 1);
      await assert.rejects(
        registry.rollback('first', who),
        (err: unknown) => err instanceof NoPreviousChampionError && err.message === 'model "first" has no champion to roll back',
      );
      await registry.promoteToChampion('first', 1, who);
      await assert.rejects(registry.rollback('first', who), {
        message: 'version 1 of model "first" was the first champion; there is no earlier champion to roll back to',
      });
    });
  });

  test('the history tables are append-only', async () => {
    await registerN('append-only', 1);
    await registry.promoteToChampion('append-only', 1, who);
    await assert.rejects(pg.pool.query("UPDATE alias_history SET actor = 'mallory'"), /alias_history is append-only: UPDATE is not allowed/);
    await assert.rejects(pg.pool.query('DELETE FROM version_status_history'), /version_status_history is append-only: DELETE is not allowed/);
  });
});
