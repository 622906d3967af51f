import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startCli, tempDataDir } from '../../support/start-process';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';
import { HAM, postJson, servingFixture, SPAM, trainedArtifact, type ServingFixture } from './serving-fixture';

let pg: TestPostgres;
let fx: ServingFixture;
before(async () => {
  pg = await startTestPostgres();
  fx = servingFixture(pg);
  const v1 = await fx.register('spam', 'entry-1', await trainedArtifact(1));
  await fx.promote('spam', v1);
});
after(async () => {
  fx?.cleanup();
  await pg?.stop();
});

test('`npm run serve` serves the champion from DATABASE_URL and the artifact store, and SIGTERM flushes the log and exits 0', async () => {
  const serve = startCli('cli/serve.ts', [], {
    DATABASE_URL: pg.url,
    ARTIFACT_STORE: fx.store.location,
    DATA_DIR: tempDataDir('factory-serve-'),
    SERVE_PORT: '0',
    SERVE_MODELS: 'spam',
    LOG_LEVEL: 'warn',
  });
  await serve.waitFor(/prediction service: http:\/\/127\.0\.0\.1:\d+\n/, 120_000);
  const url = /prediction service: (http:\/\/\S+)/.exec(serve.output())![1]!;
  const res = await postJson(`${url}/v1/models/spam:predict`, { instances: [{ text: SPAM }, { text: HAM }] });
  assert.equal(res.status, 200);
  assert.equal(res.body.model_version, 1);
  serve.child.kill('SIGTERM');
  assert.equal(await serve.exited(60_000), 0, serve.output());
  const rows = (await pg.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM prediction_log WHERE model = 'spam'")).rows[0]!.n;
  assert.equal(rows, 2);
});

test('`npm run serve` without DATABASE_URL says what it needs and exits 2', async () => {
  const serve = startCli('cli/serve.ts', [], { DATABASE_URL: '', DATA_DIR: tempDataDir('factory-serve-'), LOG_LEVEL: 'warn' });
  assert.equal(await serve.exited(60_000), 2);
  assert.match(serve.output(), /error: DATABASE_URL=.* is invalid: expected the postgres:\/\/ URL of the registry to serve from/);
});
