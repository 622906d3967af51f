import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, type RunningConsole } from '../../../console';
import type { ConsoleDeps } from '../../../console/views';

const TOKEN = 'test-operator-token-0123456789';

/**
 * Dependencies that record every use: a refused action must be refused before the console reads
 * or changes anything, so these tests pass only when nothing touches them.
 */
function recordingDeps(touched: string[]): ConsoleDeps {
  const recorder = (name: string) =>
    new Proxy(
      {},
      {
        get(_target, prop) {
          touched.push(`${name}.${String(prop)}`);
          throw new Error(`${name}.${String(prop)} was used`);
        },
      },
    );
  return {
    client: recorder('client'),
    registry: recorder('registry'),
    artifacts: recorder('artifacts'),
    temporalUiUrl: 'http://127.0.0.1:1',
    namespace: 'default',
  } as ConsoleDeps;
}

const ACTIONS = [
  ['/runs/weekly_retraining%2Fspam%2F2002-W39/approval', 'decision=approve&taskId=approve_promotion&version=2&actor=ana'],
  ['/runs/weekly_retraining%2Fspam%2F2002-W39/tasks/train_model/retry', 'actor=ana'],
  ['/runs/weekly_retraining%2Fspam%2F2002-W39/fail', 'actor=ana'],
  ['/dags/weekly_retraining/trigger', 'epochs=2&actor=ana'],
  ['/models/spam/rollback', 'reason=bad&actor=ana'],
] as const;

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('the console refuses actions without the operator token, before touching anything', () => {
  const touched: string[] = [];
  let server: RunningConsole;
  let base: string;

  before(async () => {
    server = await startConsole({ deps: recordingDeps(touched), port: 0, operatorToken: TOKEN });
    base = server.url.replace(/\/$/, '');
  });
  after(() => server?.close());

  test('a POST without a token is 401 and says how to sign in', async () => {
    for (const [path, body] of ACTIONS) {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: form, body });
      assert.equal(res.status, 401, path);
      assert.match(await res.text(), /needs the operator token: sign in at \/login.*nothing was changed/);
    }
    assert.deepEqual(touched, []);
  });

  test('a wrong bearer token or a forged cookie is 403', async () => {
    for (const [path, body] of ACTIONS) {
      const bearer = await fetch(`${base}${path}`, { method: 'POST', headers: { ...form, Authorization: 'Bearer not-the-token-at-all' }, body });
      assert.equal(bearer.status, 403, path);
      assert.match(await bearer.text(), /operator token in the Authorization header is wrong/);
      const cookie = await fetch(`${base}${path}`, { method: 'POST', headers: { ...form, Cookie: `factory_operator=${TOKEN}` }, body });
      assert.equal(cookie.status, 403, path);
    }
    assert.deepEqual(touched, []);
  });

  test('a form posted from another site is refused even with the token', async () => {
    const res = await fetch(`${base}/models/spam/rollback`, {
      method: 'POST',
      headers: { ...form, Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example' },
      body: 'reason=x&actor=mallory',
    });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /cross-origin POST refused/);
    assert.deepEqual(touched, []);
  });

  test('signing in with the wrong token is refused; the right one sets an HttpOnly SameSite=Strict cookie that is not the token', async () => {
    const wrong = await fetch(`${base}/login`, { method: 'POST', headers: form, body: 'token=nope&next=/models', redirect: 'manual' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.headers.get('set-cookie'), null);
    const right = await fetch(`${base}/login`, { method: 'POST', headers: form, body: `token=${TOKEN}&next=/models`, redirect: 'manual' });
    assert.equal(right.status, 303);
    assert.equal(right.headers.get('location'), '/models');
    const cookie = right.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^factory_operator=[^;]+;.*HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    assert.doesNotMatch(cookie, new RegExp(TOKEN));
    // Another site's address is never a place to go back to.
    const offsite = await fetch(`${base}/login`, { method: 'POST', headers: form, body: `token=${TOKEN}&next=//evil.example/`, redirect: 'manual' });
    assert.equal(offsite.headers.get('location'), '/');
  });

  test('pages show who the visitor is, and never the token', async () => {
    const res = await fetch(`${base}/login`);
    const html = await res.text();
    assert.equal(res.status, 200);
    assert.match(html, /read-only/);
    assert.doesNotMatch(html, new RegExp(TOKEN));
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  });

  test('a second console on a taken port says which variable to change', async () => {
    const port = Number(new URL(server.url).port);
    await assert.rejects(
      startConsole({ deps: recordingDeps([]), port }),
      new RegExp(`console port ${port} on 127.0.0.1 is already in use by another program: set CONSOLE_PORT`),
    );
  });

  test('the stylesheet and htmx are served by the console itself', async () => {
    const css = await fetch(`${base}/static/console.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    const htmx = await fetch(`${base}/static/htmx.min.js`);
    assert.equal(htmx.status, 200);
    assert.match(await htmx.text(), /htmx/);
  });
});

describe('a console without an operator token is read-only', () => {
  const touched: string[] = [];
  let server: RunningConsole;

  before(async () => {
    server = await startConsole({ deps: recordingDeps(touched), port: 0 });
  });
  after(() => server?.close());

  test('every action is 403 naming the variable to set, and the header says read-only', async () => {
    const base = server.url.replace(/\/$/, '');
    for (const [path, body] of ACTIONS) {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { ...form, Authorization: `Bearer ${TOKEN}` }, body });
      assert.equal(res.status, 403, path);
      assert.match(await res.text(), /read-only: no CONSOLE_OPERATOR_TOKEN/);
    }
    const page = await (await fetch(`${base}/login`)).text();
    assert.match(page, /read-only: no operator token configured/);
    assert.deepEqual(touched, []);
  });
});
