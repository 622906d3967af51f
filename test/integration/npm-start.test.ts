import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { freePort } from '../../lib/net/free-port';
import { seedCorpus } from '../../lib/source';
import { createLogger } from '../../lib/logger';
import { killStartedProcesses, startCli, tempDataDir } from '../support/start-process';
import { startTestPostgres } from '../support/test-postgres';

// Fewer epochs: these tests are about the process, not model quality.
const FAST = ['--param', 'epochs=3'];

async function stackEnv(dataDir: string) {
  return {
    DATA_DIR: dataDir,
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    CONSOLE_PORT: String(await freePort()),
    SERVE_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  };
}

describe('npm start (the one-process embedded stack)', () => {
  after(killStartedProcesses);

  test('runs the main job, prints its Web UI link, and Ctrl-C stops everything it started', async () => {
    const dataDir = tempDataDir('factory-start-');
    const env = await stackEnv(dataDir);
    const run = startCli('cli/start.ts', FAST, env);
    await run.waitFor(/main job completed: success/, 240_000);
    assert.match(
      run.output(),
      new RegExp(`main job: http://127.0.0.1:${env.TEMPORAL_UI_PORT}/namespaces/default/workflows/weekly_retraining%2Fspam%2F2002-W39/`),
    );
    assert.match(run.output(), /train_model=success/);
    assert.match(run.output(), new RegExp(`console: http://127.0.0.1:${env.CONSOLE_PORT}/ \\(read-only`));
    assert.match(run.output(), new RegExp(`prediction service: http://127.0.0.1:${env.SERVE_PORT}/v1/models/`));
    // Both answer while it serves: the console lists this week's run, the service is up.
    const runsPage = await fetch(`http://127.0.0.1:${env.CONSOLE_PORT}/`);
    assert.equal(runsPage.status, 200);
    assert.match(await runsPage.text(), /weekly_retraining/);
    assert.equal((await fetch(`http://127.0.0.1:${env.SERVE_PORT}/healthz`)).status, 200);
    run.child.kill('SIGINT');
    assert.equal(await run.exited(40_000), 0);
    assert.equal(existsSync(join(dataDir, 'temporal', 'dev-server.pid')), false, 'dev server pid file removed');
    assert.equal(existsSync(join(dataDir, 'postgres', 'postmaster.pid')), false, 'PostgreSQL stopped cleanly');

    // The SQLite file keeps history across restarts: the second start finds this week's run
    // and shows its result instead of retraining.
    const again = startCli('cli/start.ts', ['--once', ...FAST], env);
    await again.waitFor(/main job completed: success/, 120_000);
    assert.equal(await again.exited(40_000), 0);
    assert.match(again.output(), /this week already has a run; attaching to it/);
  });

  test('a taken Temporal port is reported with the variable to change, before anything runs', async () => {
    const dataDir = tempDataDir('factory-start-port-');
    const env = await stackEnv(dataDir);
    const blocker = createServer().listen(Number(env.TEMPORAL_PORT), '127.0.0.1');
    try {
      const run = startCli('cli/start.ts', ['--once'], env);
      assert.equal(await run.exited(60_000), 1);
      assert.match(run.output(), new RegExp(`error: TEMPORAL_PORT=${env.TEMPORAL_PORT} is already in use by another program`));
    } finally {
      blocker.close();
    }
  });

  test('a malformed variable stops start-up with one line naming it', async () => {
    const run = startCli('cli/start.ts', ['--once'], { PG_PORT: 'five' });
    assert.equal(await run.exited(30_000), 2);
    assert.equal(run.output().trim(), 'error: PG_PORT="five" is invalid: expected an integer port from 0 to 65535');
  });

  test('an unreachable DATABASE_URL is reported within seconds', async () => {
    const port = await freePort();
    const started = Date.now();
    const run = startCli('cli/start.ts', ['--once'], { DATABASE_URL: `postgres://u:p@127.0.0.1:${port}/x`, DATA_DIR: tempDataDir('factory-start-db-') });
    assert.equal(await run.exited(30_000), 1);
    assert.match(run.output(), new RegExp(`PostgreSQL at postgres://u:\\*\\*\\*@127.0.0.1:${port}/x is unreachable`));
    assert.ok(Date.now() - started < 20_000);
  });

  test('a stale dev-server pid file from a killed run does not block start', async () => {
    const dataDir = tempDataDir('factory-start-stale-');
    const env = await stackEnv(dataDir);
    const first = startCli('cli/start.ts', FAST, env);
    await first.waitFor(/main job: http/, 120_000);
    first.child.kill('SIGKILL'); // the dev server and PostgreSQL are orphaned, as after a crash
    await first.exited(10_000);
    // Killed mid-run: the next start stops the orphans and the run in flight completes.
    const second = startCli('cli/start.ts', ['--once', ...FAST], env);
    await second.waitFor(/main job completed: success/, 240_000);
    assert.equal(await second.exited(40_000), 0);
    assert.match(second.output(), /stopping Temporal dev server left running by an earlier run/);
    writeFileSync(join(dataDir, 'done'), '');
  });
});

describe('npm start with a configured source', () => {
  after(killStartedProcesses);

  test('a source table that does not exist is named at start, before any run', async () => {
    const dataDir = tempDataDir('factory-start-source-');
    const source = JSON.stringify({
      kind: 'table',
      table: 'crm_reports',
      columns: { id: 'report_id', text: 'body', label: 'verdict', eventTime: 'reported_at' },
      labelMapping: { positive: ['abuse'], negative: ['ok'] },
    });
    const run = startCli('cli/start.ts', ['--once'], { ...(await stackEnv(dataDir)), SOURCE_CONFIG: source });
    assert.equal(await run.exited(60_000), 2);
    assert.match(run.output(), /error: SOURCE_CONFIG=.* is invalid: .*crm_reports/);
    assert.doesNotMatch(run.output(), /main job/);
  });

  test('a malformed source configuration names the missing fields before anything starts', async () => {
    const run = startCli('cli/start.ts', ['--once'], { SOURCE_CONFIG: '{"kind":"table","table":"events"}' });
    assert.equal(await run.exited(30_000), 2);
    assert.match(run.output(), /error: SOURCE_CONFIG=.* is invalid: .*columns/);
    assert.doesNotMatch(run.output(), /PostgreSQL started/);
  });
});

// Issue 8, item 8: a failed `--once` used to log "stopped" and hang (workers still held the
// connection, the SDK runtime kept the process up and swallowed SIGTERM), printing only
// "Workflow execution failed".
describe('npm start: every way out ends the process', () => {
  after(killStartedProcesses);
  const leftHandles = /still running \d+ ms after it finished/;

  test('--once with a bad param exits non-zero with one line naming the param', async () => {
    const dataDir = tempDataDir('factory-start-badparam-');
    const run = startCli('cli/start.ts', ['--once', '--param', 'modelConfig={"embeddingDim":"big"}'], await stackEnv(dataDir));
    const code = await run.exited(180_000);
    assert.equal(code, 2, 'a bad param is a usage error: refused before anything starts');
    assert.match(run.output(), /^error: .*embeddingDim.*"big"/m);
    assert.doesNotMatch(run.output(), /^\s+at /m, 'no stack trace');
    assert.doesNotMatch(run.output(), leftHandles);
    assert.doesNotMatch(run.output(), /PostgreSQL started/, 'params are checked before the stack starts');
  });

  // Issue 9: start parsed its flags by hand (a dotted --param became a literal unknown key, a
  // repeated one silently won); it now shares node:util parseArgs and the factory's --param parser.
  test('--help, a mistyped flag and malformed or nested --param values are answered before anything starts', async () => {
    const help = startCli('cli/start.ts', ['--help'], {});
    assert.equal(await help.exited(60_000), 0, help.output());
    assert.match(help.output(), /^usage: npm start -- \[options\]$/m);
    assert.match(help.output(), /^ {2}--param key=value {2}.*\(repeatable\)$/m);

    const cases: [string[], RegExp][] = [
      [['--onse'], /^error: unknown option --onse for `npm start --` \(options: --once, --logical-date, --param\); see `npm start -- --help`$/m],
      [['--once', '--logical-date'], /^error: --logical-date needs a value: --logical-date ISO; see `npm start -- --help`$/m],
      [['--once', '--param', 'epochs'], /^error: --param "epochs" is invalid: expected key=value, e.g. --param epochs=3 or --param gate.minimum.f1=0.9$/m],
      [['--once', '--param', 'epochs=3', '--param', 'epochs=4'], /^error: --param epochs given twice; give each param once$/m],
      [['--once', '--param', 'gate.minimum.f1=2'], /^error: invalid input for weekly_retraining: params\.gate\.minimum\.f1: .*\(got 2\)/m],
    ];
    for (const [args, expected] of cases) {
      const run = startCli('cli/start.ts', args, {});
      assert.equal(await run.exited(60_000), 2, `${args.join(' ')}: ${run.output()}`);
      assert.match(run.output(), expected);
      assert.doesNotMatch(run.output(), /^\s+at /m, 'no stack trace');
      assert.doesNotMatch(run.output(), /PostgreSQL started|Temporal/);
    }
  });

  test('--once whose source mapping leaves one label exits non-zero naming the run and the reason', async () => {
    const source = await startTestPostgres();
    try {
      await seedCorpus(source.pool, createLogger({ level: 'warn', pretty: false }));
      const dataDir = tempDataDir('factory-start-onelabel-');
      const config = JSON.stringify({
        kind: 'table',
        table: 'moderation_events',
        columns: { id: 'id', text: 'content', label: 'label', eventTime: 'event_time', source: 'source' },
        // "ham" is not mapped: every ham row falls out and the dataset is all spam.
        labelMapping: { positive: ['spam'], negative: ['not-a-stored-label'] },
      });
      const run = startCli('cli/start.ts', ['--once', ...FAST], { ...(await stackEnv(dataDir)), SOURCE_DATABASE_URL: source.url, SOURCE_CONFIG: config });
      const code = await run.exited(300_000);
      assert.equal(code, 1);
      assert.match(run.output(), /^error: weekly_retraining\/spam\/2002-W39 failed: DAG run failed: failed tasks: validate_dataset \(.*single label/m);
      assert.doesNotMatch(run.output(), /^\s+at /m, 'no stack trace');
      assert.doesNotMatch(run.output(), leftHandles);
      assert.equal(existsSync(join(dataDir, 'postgres', 'postmaster.pid')), false, 'PostgreSQL stopped cleanly');
    } finally {
      await source.stop();
    }
  });

  test('SIGTERM while training drains within SHUTDOWN_GRACE, and the next start resumes the run', async () => {
    const dataDir = tempDataDir('factory-start-sigterm-');
    const graceMs = 5_000;
    const env = { ...(await stackEnv(dataDir)), SHUTDOWN_GRACE: `${graceMs}ms` };
    const run = startCli('cli/start.ts', ['--param', 'epochs=10'], env);
    await run.waitFor(/"msg":"epoch done"/, 240_000);
    const signalledAt = Date.now();
    run.child.kill('SIGTERM');
    // The ceiling is the grace plus generous slack for closing on a loaded machine.
    assert.equal(await run.exited(graceMs + 60_000), 0);
    const stopMs = Date.now() - signalledAt;
    process.stdout.write(`# SIGTERM to exit: ${stopMs} ms (SHUTDOWN_GRACE ${graceMs} ms)\n`);
    assert.match(run.output(), /"msg":"stopped"/);
    assert.doesNotMatch(run.output(), /main job completed/, 'stopped while the run was in flight');
    assert.equal(existsSync(join(dataDir, 'temporal', 'dev-server.pid')), false, 'dev server stopped');
    assert.equal(existsSync(join(dataDir, 'postgres', 'postmaster.pid')), false, 'PostgreSQL stopped cleanly');

    const again = startCli('cli/start.ts', ['--once', '--param', 'epochs=10'], env);
    await again.waitFor(/main job completed: success/, 240_000);
    assert.equal(await again.exited(60_000), 0);
    assert.match(again.output(), /this week already has a run; attaching to it/);
    assert.match(again.output(), /"resumedFromEpoch":[1-9]/);
  });
});
