import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_NAME_PATTERN } from '../../../common/validation';
import { createPool, migrate, MIGRATIONS_DIR, MigrationError } from '../../../lib/db';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';

// The database keeps the same model-name rule as every zod boundary (migrations/0004_model_name_rule.sql).
describe('the models table keeps the model-name rule', () => {
  let pg: TestPostgres;
  before(async () => {
    pg = await startTestPostgres();
  });
  after(() => pg?.stop());

  test('accepts exactly the names the schema accepts', async () => {
    for (const name of ['spam', 'versioned-new', 'replay_chain', 'Spam', 'spam.v2', 'a'.repeat(64)]) {
      const inserted = await pg.pool.query('INSERT INTO models (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]).then(
        () => true,
        (err: { code?: string }) => {
          assert.equal(err.code, '23514', `only a CHECK violation is expected for ${name}`);
          return false;
        },
      );
      assert.equal(inserted, MODEL_NAME_PATTERN.test(name), name);
    }
  });

  test('a database holding a name outside the rule is not migrated, and the name is given', async () => {
    // 0001-0003 into a schema of its own, then a name 0003 allowed, then 0004.
    const schema = `model_name_probe_${process.pid}`;
    const dir = mkdtempSync(join(tmpdir(), 'factory-migrations-'));
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f < '0004')) cpSync(join(MIGRATIONS_DIR, file), join(dir, file));
    await pg.pool.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(pg.url);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const scoped = createPool(url.toString(), { max: 1 });
    try {
      await migrate(scoped, dir);
      await scoped.query("INSERT INTO models (name) VALUES ('Legacy.Model')");
      cpSync(join(MIGRATIONS_DIR, '0004_model_name_rule.sql'), join(dir, '0004_model_name_rule.sql'));
      await assert.rejects(
        migrate(scoped, dir),
        (err: unknown) =>
          err instanceof MigrationError && err.file === '0004_model_name_rule.sql' && /'Legacy\.Model'/.test(String((err.cause as Error).message)),
      );
      const names = await scoped.query<{ name: string }>('SELECT name FROM models');
      assert.deepEqual(
        names.rows.map((r) => r.name),
        ['Legacy.Model'],
        'the failed migration changed nothing',
      );
    } finally {
      await scoped.end();
      await pg.pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });
});
