import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { prepareRun, startPrepared } from '../../../client/start-run';
import { TASK_QUEUES } from '../../../common/task-queues';
import { freePort } from '../../../lib/net/free-port';
import { killStartedProcesses, startCli } from '../../support/start-process';
import { startTemporalTestEnv } from '../../support/temporal-test-env';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';

const TOKEN = 'process-test-operator-token-7f3a';

/** `npm run console` as a deployment runs it: its own process, against an external Temporal and PostgreSQL. */
describe('the console as its own process (cli/console.ts)', () => {
  let env: TestWorkflowEnvironment;
  let pg: TestPostgres;

  before(async () => {
    [env, pg] = await Promise.all([startTemporalTestEnv(), startTestPostgres()]);
  });
  after(async () => {
    killStartedProcesses();
    await pg?.stop();
    await env?.teardown();
  });

  test('serves the runs and models of the cluster, never prints the token, refuses an action without it, and stops on SIGTERM', async () => {
    // No worker polls here: the run is closed first (an open run's row asks its workflow, a Query), and it has
    // no DagId yet (the workflow sets its search attributes when it first runs), so the page is read unfiltered.
    const started = await startPrepared(
      env.client,
      TASK_QUEUES.cpu,
      prepareRun('dag_smoke_test', { params: { count: 2 }, logicalDate: '2002-09-30T03:00:00Z' }),
    );
    await env.client.workflow.getHandle(started.workflowId).terminate('closed by the console process test');
    const dir = mkdtempSync(join(tmpdir(), 'factory-console-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    const port = await freePort();
    const run = startCli('cli/console.ts', [], {
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: env.address,
      CONSOLE_PORT: String(port),
      CONSOLE_OPERATOR_TOKEN_FILE: tokenFile,
      ARTIFACT_STORE: join(dir, 'artifacts'),
      LOG_LEVEL: 'info',
    });
    await run.waitFor(/console listening/, 60_000);
    assert.match(run.output(), new RegExp(`"url":"http://127.0.0.1:${port}/"`));
    assert.match(run.output(), /"operatorToken":"set"/);
    const base = `http://127.0.0.1:${port}`;

    // Visibility may lag the start by a moment: the page is read until the run shows.
    let runs = '';
    for (let i = 0; i < 50 && !runs.includes(started.workflowId); i++) {
      runs = await (await fetch(`${base}/`)).text();
      if (!runs.includes(started.workflowId)) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(
      runs.includes(started.workflowId),
      `the runs page lists ${started.workflowId}: ${runs
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 600)}`,
    );
    assert.match(runs, /data-outcome="terminated"/);
    const models = await fetch(`${base}/models`);
    assert.equal(models.status, 200);
    assert.match(await models.text(), /No model is registered yet/);

    const refused = await fetch(`${base}/dags/dag_smoke_test/trigger`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'params.count=2&logicalDate=2002-10-07T03:00:00Z&actor=mallory',
    });
    assert.equal(refused.status, 401);
    const listed: string[] = [];
    for await (const e of env.client.workflow.list({ query: 'WorkflowType = "dag_smoke_test"' })) listed.push(e.workflowId);
    assert.deepEqual(listed, [started.workflowId], 'nothing was started');

    run.child.kill('SIGTERM');
    assert.equal(await run.exited(30_000), 0);
    assert.doesNotMatch(run.output(), new RegExp(TOKEN), 'the token is never printed');
  });
});
