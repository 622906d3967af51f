import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelRegistry } from '../../../lib/registry';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';
import { registration } from '../registry/registration-fixture';
import { runCli } from '../../unit/cli/cli-harness';

describe('factory models promote on a real registry', () => {
  let pg: TestPostgres;
  let registry: ModelRegistry;
  let env: Record<string, string>;
  before(async () => {
    pg = await startTestPostgres();
    registry = new ModelRegistry(pg.pool);
    env = { DATABASE_URL: pg.url };
    for (const i of [1, 2]) await registry.registerVersion(registration('spam', `spam-wf-${i}/register_model`));
  });
  after(() => pg?.stop());

  const champion = async () => (await registry.listModels()).find((m) => m.name === 'spam')?.champion ?? null;

  test('refuses without --expected-champion or --force, and moves nothing', async () => {
    const result = await runCli(['models', 'promote', 'spam', '1', '--by', 'alice', '--reason', 'hotfix'], { env });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^error: models promote moves the champion outside any run's approval: .*--expected-champion <N\|none>.*--force/);
    assert.equal(await champion(), null);
  });

  test('refuses a bad --expected-champion value and --force together with it', async () => {
    const bad = await runCli(['models', 'promote', 'spam', '1', '--by', 'alice', '--reason', 'r', '--expected-champion', 'nobody'], { env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--expected-champion "nobody" is invalid: expected a version number such as 3/);
    const both = await runCli(['models', 'promote', 'spam', '1', '--by', 'alice', '--reason', 'r', '--expected-champion', 'none', '--force'], { env });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--expected-champion and --force contradict each other/);
    assert.equal(await champion(), null);
  });

  test('promotes with --expected-champion none, says it bypasses approval, records cli:<by> and the reason', async () => {
    const result = await runCli(['models', 'promote', 'spam', '1', '--by', 'alice', '--reason', 'hotfix after review', '--expected-champion', 'none'], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^warning: promoting spam v1 by hand bypasses any run's approval step \(approve_promotion\)\n$/);
    assert.equal(result.stdout, 'spam: champion - → 1\n');
    assert.equal(await champion(), 1);
    const last = (await registry.aliasHistory('spam', 'champion')).at(-1);
    assert.equal(last?.actor, 'cli:alice');
    assert.equal(last?.reason, 'hotfix after review');
  });

  test('refuses when the champion is no longer the expected one', async () => {
    const result = await runCli(['models', 'promote', 'spam', '2', '--by', 'bob', '--reason', 'r', '--expected-champion', 'none'], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /champion of model "spam" is version 1, not unset as expected; nothing was changed/);
    assert.equal(await champion(), 1);
  });

  test('--force promotes regardless and says that it skipped the check too', async () => {
    const result = await runCli(['models', 'promote', 'spam', '2', '--by', 'bob', '--reason', 'rollout', '--force'], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /bypasses any run's approval step \(approve_promotion\) and, with --force, the expected-champion check/);
    assert.equal(await champion(), 2);
    assert.equal((await registry.aliasHistory('spam', 'champion')).at(-1)?.actor, 'cli:bob');
  });
});
