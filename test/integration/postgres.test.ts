import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { checkConnection, createPool, DatabaseUnavailableError, migrate, MigrationError, startEmbeddedPostgres } from '../../lib/db';
import { createLogger } from '../../lib/logger';
import { freePort } from '../../lib/net/free-port';
import { startTestPostgres, type TestPostgres } from '../support/test-postgres';

const logger = createLogger({ level: 'silent', pretty: false });

describe('PostgreSQL migrations', () => {
  let pg: TestPostgres;
  before(async () => {
    pg = await startTestPostgres();
  });
  after(() => pg?.stop());

  test('applying migrations again changes nothing', async () => {
    assert.deepEqual(await migrate(pg.pool), []);
    const { rows } = await pg.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
    assert.ok(rows[0].n >= 1);
  });

  test('a failing migration is rolled back whole and named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factory-migrations-'));
    writeFileSync(join(dir, '0001_good.sql'), 'CREATE TABLE migration_probe_a (id int);');
    writeFileSync(join(dir, '0002_bad.sql'), 'CREATE TABLE migration_probe_b (id int); SELECT no_such_function();');
    await assert.rejects(migrate(pg.pool, dir), (err: unknown) => err instanceof MigrationError && err.file === '0002_bad.sql');
    const tables = await pg.pool.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'migration_probe_%' ORDER BY 1");
    assert.deepEqual(
      tables.rows.map((r) => r.tablename),
      ['migration_probe_a'],
    );
  });
});

describe('embedded PostgreSQL start-up faults', () => {
  test('recovers when an earlier run was killed and left its server and pid file behind', async () => {
    const root = mkdtempSync(join(tmpdir(), 'factory-pg-crash-'));
    const dataDir = join(root, 'postgres');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'orphan-postgres.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`orphan starter exited with ${code}`)));
    });
    child.kill('SIGKILL');
    const orphanPid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    assert.doesNotThrow(() => process.kill(orphanPid, 0), 'the orphaned server should still run');
    const server = await startEmbeddedPostgres({ dataDir, port: 0, logger });
    const pool = createPool(server.url);
    assert.equal((await pool.query('SELECT 1 AS one')).rows[0].one, 1);
    await pool.end();
    await server.stop();
  });

  test('a pid file whose process is gone is removed and the server starts', async () => {
    const root = mkdtempSync(join(tmpdir(), 'factory-pg-stale-'));
    const dataDir = join(root, 'postgres');
    const server = await startEmbeddedPostgres({ dataDir, port: 0, logger });
    await server.stop();
    const deadPid = Number(execFileSync('sh', ['-c', 'sleep 0 & echo $!']).toString().trim());
    writeFileSync(join(dataDir, 'postmaster.pid'), `${deadPid}\n${dataDir}\n`);
    const again = await startEmbeddedPostgres({ dataDir, port: 0, logger });
    await again.stop();
  });

  test('a taken port is reported with the variable to change', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    try {
      const root = mkdtempSync(join(tmpdir(), 'factory-pg-port-'));
      await assert.rejects(
        startEmbeddedPostgres({ dataDir: join(root, 'postgres'), port, logger }),
        (err: unknown) =>
          err instanceof DatabaseUnavailableError && err.message === `PG_PORT=${port} is already in use; choose another port or 0 for a free one`,
      );
    } finally {
      blocker.close();
    }
  });

  test('a data folder under a file is reported as not writable', async () => {
    const root = mkdtempSync(join(tmpdir(), 'factory-pg-ro-'));
    writeFileSync(join(root, 'blocker'), 'x');
    await assert.rejects(
      startEmbeddedPostgres({ dataDir: join(root, 'blocker', 'postgres'), port: 0, logger }),
      (err: unknown) => err instanceof DatabaseUnavailableError && /is not writable/.test(err.message),
    );
    mkdirSync(join(root, 'ok'));
  });

  test('an unreachable external server is reported within seconds, password hidden', async () => {
    const port = await freePort();
    const url = `postgres://app:secret@127.0.0.1:${port}/factory`;
    const pool = createPool(url);
    const started = Date.now();
    await assert.rejects(
      checkConnection(pool, url),
      (err: unknown) =>
        err instanceof DatabaseUnavailableError &&
        err.message.includes(`postgres://app:***@127.0.0.1:${port}/factory is unreachable`) &&
        !err.message.includes('secret'),
    );
    assert.ok(Date.now() - started < 8_000);
    await pool.end();
  });
});
