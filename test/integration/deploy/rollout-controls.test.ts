import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FinishedRollout } from '../../../activities/deploy';
import { rolloutControl } from '../../../client/operator';
import type { DagRunResult } from '../../../common/dag';
import { TASK_QUEUES } from '../../../common/task-queues';
import { createConsoleDeps, startConsole, type RunningConsole } from '../../../console';
import { stageOf } from '../../../console/views';
import { ModelRegistry } from '../../../lib/registry';
import { readTrafficSplit, trafficHistory } from '../../../lib/serving/traffic-store';
import { deployWorkflowId } from '../../../workflows/deploy';
import { factory } from '../cli/factory-process';
import { startRealStack, type RealStack } from '../../support/real-stack';
import { registration } from '../registry/registration-fixture';
import { eventually } from '../training/harness';
import { launchTestBrowser, type TestBrowser } from '../web-ui/browser';
import { fastRolloutParams, TrafficSimulator } from './traffic-simulator';

// An operator steers one rollout the two ways people do: `factory rollout` verbs (child processes,
// as typed) to pause and resume, then the console's POST (token-protected) to abort. Real Temporal
// dev server, PostgreSQL and the production workers; the traffic simulator writes the prediction
// log so the rollout would move on if it were not held.
const MODEL = 'steered';
const VERSION = 2;
const WORKFLOW_ID = deployWorkflowId(MODEL, VERSION);
const TOKEN = 'rollout-controls-token-0123456789';
const CEILING_MS = 240_000;
const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'console');

describe('steering a rollout from the CLI and the console', () => {
  let stack: RealStack;
  let traffic: TrafficSimulator;
  let server: RunningConsole;
  let base: string;
  let env: Record<string, string>;
  let browser: TestBrowser;

  before(async () => {
    browser = await launchTestBrowser();
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startRealStack({
      queues: ['cpu'],
      seed: false,
      async prepare(deps) {
        const r = new ModelRegistry(deps.pool);
        for (let v = 1; v <= 2; v++) await r.registerVersion(registration(MODEL, `rollout-controls-v${v}/register_model`));
        await r.promoteToChampion(MODEL, 1, { actor: 'test', reason: 'the champion the rollout is compared with' });
      },
    });
    traffic = new TrafficSimulator(stack.pg.pool, MODEL, { 1: 'good', 2: 'good' });
    await traffic.start();
    const deps = await createConsoleDeps({ temporal: stack.env.client, pool: stack.pg.pool, artifacts: stack.store, temporalUiUrl: 'http://127.0.0.1:8233' });
    server = await startConsole({ deps, port: 0, operatorToken: TOKEN });
    base = server.url.replace(/\/$/, '');
    env = { TEMPORAL_ADDRESS: stack.address, TEMPORAL_NAMESPACE: 'default', LOG_LEVEL: 'warn' };
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await traffic?.stop();
    await stack?.stop();
  });

  /** The page as an operator sees it in Chromium, kept in test-artifacts/console/<name>.png. */
  async function shoot(path: string, name: string): Promise<void> {
    const page = await browser.context.newPage();
    try {
      await page.setExtraHTTPHeaders({ Authorization: `Bearer ${TOKEN}` });
      await page.goto(`${base}${path}`);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    } finally {
      await page.close();
    }
  }
  const control = () => rolloutControl(stack.env.client, WORKFLOW_ID);
  const runPage = async () => (await fetch(`${base}/runs/${encodeURIComponent(WORKFLOW_ID)}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
  const abort = (headers: Record<string, string>) =>
    fetch(`${base}/runs/${encodeURIComponent(WORKFLOW_ID)}/rollout/abort`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ actor: 'carol', reason: 'complaints spiked' }).toString(),
    });

  test('pause and resume with factory rollout, abort from the console with the token; every actor is recorded', async () => {
    const registry = new ModelRegistry(stack.pg.pool);
    await registry.markChallenger(MODEL, VERSION, { actor: 'test', reason: 'gate passed' });
    const handle = await stack.env.client.workflow.start('deploy_model', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId: WORKFLOW_ID,
      args: [{ params: fastRolloutParams(MODEL, VERSION) }],
    });
    await eventually(
      () => readTrafficSplit(stack.pg.pool, MODEL),
      (s) => s?.challenger === VERSION && s.mode === 'shadow',
      CEILING_MS,
      `v${VERSION} in shadow`,
    );

    const paused = await factory(['rollout', 'pause', MODEL, String(VERSION), '--by', 'alice', '--reason', 'checking dashboards'], env);
    assert.deepEqual(paused, { code: 0, stdout: `${WORKFLOW_ID}: paused by alice (checking dashboards)\n`, stderr: '' });
    const again = await factory(['rollout', 'pause', MODEL, String(VERSION), '--by', 'bob'], env);
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /refused pauseRollout: the rollout is already paused \(by alice at /);
    const unknown = await factory(['rollout', 'pause', MODEL, '9', '--by', 'bob'], env);
    assert.equal(unknown.code, 3, `no rollout of v9: ${unknown.stderr}`);

    const whilePaused = await runPage();
    assert.match(whilePaused, /data-paused="true"/);
    // A poke may have moved shadow on before the CLI process started; paused, the stage holds.
    const held = stageOf(await readTrafficSplit(stack.pg.pool, MODEL), VERSION);
    assert.match(held, /^(shadow|canary 5%)$/);
    assert.match(whilePaused, new RegExp(`data-stage="${held}"`));
    assert.match(whilePaused, /data-rollout-action="resume"/);
    assert.doesNotMatch(whilePaused, /data-rollout-action="pause"/);
    await shoot(`/runs/${encodeURIComponent(WORKFLOW_ID)}`, 'rollout-paused');

    const resumed = await factory(['rollout', 'resume', MODEL, String(VERSION), '--by', 'bob', '--json'], env);
    assert.equal(resumed.code, 0, resumed.stderr);
    const afterResume = JSON.parse(resumed.stdout) as { paused: unknown; resumed: { by: string; reason: string } };
    assert.deepEqual([afterResume.paused, afterResume.resumed.by, afterResume.resumed.reason], [null, 'bob', 'resumed by an operator']);

    const refused = await abort({});
    assert.equal(refused.status, 401);
    assert.equal((await control()).abort, null, 'a POST without the token changes nothing');
    const wrongToken = await abort({ Authorization: 'Bearer not-the-operator-token-at-all' });
    assert.equal(wrongToken.status, 403);
    assert.equal((await control()).abort, null);

    const aborted = await abort({ Authorization: `Bearer ${TOKEN}` });
    assert.equal(aborted.status, 303);
    const notice = new URL(aborted.headers.get('location')!, base).searchParams;
    assert.equal(notice.get('done'), 'rollout aborting by carol: complaints spiked', notice.get('refused') ?? '');
    const twice = await abort({ Authorization: `Bearer ${TOKEN}` });
    assert.match(new URL(twice.headers.get('location')!, base).searchParams.get('refused') ?? '', /already ending: abort asked by carol/);

    const result = (await handle.result()) as DagRunResult;
    const finished = result.tasks.finish_rollout?.output as FinishedRollout;
    assert.deepEqual([finished.decision, finished.reasons], ['aborted', ['aborted by carol: complaints spiked']]);
    const final = await control();
    assert.deepEqual([final.paused, final.resumed?.by, final.abort?.by], [null, 'bob', 'carol']);
    const rejected = (await registry.statusHistory(MODEL, VERSION)).at(-1)!;
    assert.deepEqual([rejected.toStatus, rejected.actor, rejected.reason], ['rejected', 'carol', 'rolled back (aborted): aborted by carol: complaints spiked']);
    const splits = (await trafficHistory(stack.pg.pool, MODEL)).filter((s) => s.challenger === VERSION || s.mode === 'off');
    assert.equal(splits[0]?.mode, 'shadow');
    assert.equal(splits[0]?.updatedBy, `workflow:${WORKFLOW_ID}`);
    assert.deepEqual([splits.at(-1)?.mode, splits.at(-1)?.reason], ['off', rejected.reason]);

    const late = await factory(['rollout', 'resume', MODEL, String(VERSION), '--by', 'bob'], env);
    assert.equal(late.code, 1, late.stderr);
    assert.match(late.stderr, /refused resumeRollout: the run has ended \(COMPLETED\)/);

    const ended = await runPage();
    assert.match(ended, /data-decision="aborted"/);
    assert.match(ended, /aborted by carol: complaints spiked/);
    assert.doesNotMatch(ended, /data-rollout-action=/, 'an ended rollout offers no action');
    const modelPage = await (await fetch(`${base}/models/${MODEL}`)).text();
    assert.match(modelPage, /data-traffic-mode="off"/);
    assert.match(modelPage, new RegExp(`workflow:${WORKFLOW_ID.replace(/\//g, '\\/')}`));
    assert.match(modelPage, /rolled back \(aborted\): aborted by carol: complaints spiked/);
    await shoot(`/runs/${encodeURIComponent(WORKFLOW_ID)}`, 'rollout-ended');
    await shoot(`/models/${MODEL}`, 'model-traffic');
  });
});
