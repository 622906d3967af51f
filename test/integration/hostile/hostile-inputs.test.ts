import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { createDataActivities } from '../../../activities/data';
import { createDriftActivities } from '../../../activities/drift';
import { createFactoryClient, type FactoryClient } from '../../../client';
import { prepareRun } from '../../../client/start-run';
import { parseParamFlags } from '../../../cli/commands/params';
import { TASK_QUEUES } from '../../../common/task-queues';
import { retrainingWorkflowId } from '../../../common/time';
import { loadConfig } from '../../../lib/config';
import { readAll } from '../../../lib/artifacts';
import { createLogger } from '../../../lib/logger';
import { checkSource, parseSourceConfig } from '../../../lib/source';
import { parseSourceSetting } from '../../../lib/stack/load-source';
import { startStack } from '../../../lib/stack';
import * as schedules from '../../../schedules';
import { decideApprovalUpdate, getDagStateQuery } from '../../../workflows/dag/definitions';
import { weeklyRetrainingDag } from '../../../workflows/retraining/weekly-retraining-dag';
import { startRealStack, type RealStack } from '../../support/real-stack';
import * as cases from './hostile-cases';

const ROOT = join(__dirname, '..', '..', '..');
const logger = createLogger({ level: 'silent', pretty: false });

interface Outcome {
  readonly surface: string;
  readonly name: string;
  readonly ok: boolean;
  readonly why?: string;
}

const outcomes: Outcome[] = [];

function messageOf(err: unknown): string {
  if (err instanceof WorkflowFailedError || err instanceof WorkflowUpdateFailedError) return err.cause?.message ?? err.message;
  return err instanceof Error ? err.message : String(err);
}

/** Records whether `run` was refused with a message matching `expect` (and quoting no `secret`). */
async function check(surface: string, name: string, expect: RegExp, run: () => unknown, secret?: string): Promise<void> {
  let message: string | undefined;
  try {
    await run();
  } catch (err) {
    message = messageOf(err);
  }
  const why =
    message === undefined
      ? 'accepted'
      : !expect.test(message)
        ? `message ${JSON.stringify(message.slice(0, 400))} does not match ${expect}`
        : secret !== undefined && message.includes(secret)
          ? 'the message quotes the secret'
          : undefined;
  outcomes.push({ surface, name, ok: why === undefined, ...(why ? { why } : {}) });
}

function failuresOf(surface: string): string[] {
  return outcomes.filter((o) => o.surface === surface && !o.ok).map((o) => `${o.name}: ${o.why}`);
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined as T);
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('hostile inputs across every surface', async () => {
  let stack: RealStack;
  let factory: FactoryClient;

  before(async () => {
    stack = await startRealStack();
    factory = await createFactoryClient({ client: stack.env.client, pool: stack.pg.pool });
  });

  after(async () => {
    await factory?.close();
    await stack?.stop();
    const passed = outcomes.filter((o) => o.ok).length;
    console.log(`# hostile inputs: ${outcomes.length} cases, ${passed} refused with a clear message and no side effect`);
  });

  test('environment and config file: each bad variable is named with its value (secrets masked)', async () => {
    for (const c of cases.ENV_CASES) {
      await check('env', c.name, c.expect, () => loadConfig(c.env), c.secret);
    }
    const dir = mkdtempSync(join(tmpdir(), 'hostile-config-'));
    for (const c of cases.FILE_CASES) {
      const file = join(dir, 'factory.json');
      writeFileSync(file, c.text);
      await check('config file', c.name, c.expect, () => loadConfig({ FACTORY_CONFIG: file }), c.secret);
    }
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual([...failuresOf('env'), ...failuresOf('config file')], []);
  });

  test('CLI --param flags and dates: refused by the parsers the CLI runs before connecting', async () => {
    for (const c of cases.PARAM_FLAG_CASES) {
      await check('cli params', c.name, c.expect, () =>
        prepareRun('weekly_retraining', { params: parseParamFlags(c.flags), logicalDate: c.logicalDate ?? '2002-09-30T03:00:00Z' }),
      );
    }
    assert.equal(({} as Record<string, unknown>).modelName, undefined, 'Object.prototype is untouched');
    assert.deepEqual(failuresOf('cli params'), []);
  });

  test('the factory CLI as a process: a failing exit and one clear line on stderr', async () => {
    const run = promisify(execFile);
    await Promise.all(
      cases.CLI_PROCESS_CASES.map((c) =>
        check('cli process', c.name, c.expect, async () => {
          const result = await run(join(ROOT, 'bin', 'factory'), [...c.args], {
            cwd: ROOT,
            env: { ...process.env, TEMPORAL_ADDRESS: stack.address },
            timeout: 120_000,
          }).then(
            () => ({ code: 0, stderr: '' }),
            (err: { code?: number; stderr?: string }) => ({ code: err.code, stderr: err.stderr ?? '' }),
          );
          if (result.code === 0) return;
          throw new Error(`exit ${result.code}: ${result.stderr.trim()}`);
        }),
      ),
    );
    assert.deepEqual(failuresOf('cli process'), []);
  });

  test('client calls and registry reads: a typed error naming the argument, before anything is sent', async () => {
    for (const c of cases.CLIENT_CASES) await check('client', c.name, c.expect, () => c.call(factory));
    for (const c of cases.REGISTRY_CASES) await check('registry', c.name, c.expect, () => c.call(factory));
    const started = await stack.env.client.workflow.count('WorkflowType="weekly_retraining"');
    assert.equal(started.count, 0, 'no client case started a run');
    const { rows } = await stack.pg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM model_versions');
    assert.equal(rows[0]!.n, 0, 'no registry row');
    assert.deepEqual([...failuresOf('client'), ...failuresOf('registry')], []);
  });

  test('raw workflow starts of weekly_retraining: each run fails on its input before any activity', async () => {
    const client = stack.env.client;
    await Promise.all(
      cases.RAW_START_CASES.map(async (c, i) => {
        const workflowId = `hostile-raw-${i}`;
        await check('raw start', c.name, c.expect, async () => {
          const handle = await client.workflow.start('weekly_retraining', { taskQueue: TASK_QUEUES.cpu, workflowId, args: [c.input] });
          await handle.result();
        });
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        const scheduled = history.events?.filter((e) => e.activityTaskScheduledEventAttributes) ?? [];
        if (scheduled.length > 0) {
          outcomes.push({ surface: 'raw start', name: `${c.name} (side effect)`, ok: false, why: `${scheduled.length} activities scheduled` });
        }
      }),
    );
    assert.deepEqual(failuresOf('raw start'), []);
  });

  test('Updates and Queries on a running run: the validator refuses each, nothing enters history', async () => {
    const client = stack.env.client;
    const handle = await client.workflow.start('weekly_retraining', {
      taskQueue: TASK_QUEUES.cpu,
      // The business key, so the run goes on under this id instead of forwarding to it.
      workflowId: retrainingWorkflowId('hostile-target', '2002-09-30T03:00:00Z'),
      args: [{ params: { modelName: 'hostile-target', epochs: 1, approval: 'manual' }, logicalDate: '2002-09-30T03:00:00Z', runKind: 'manual' }],
    });
    await until(
      'the run to answer getDagState',
      () => handle.query(getDagStateQuery),
      (s) => s.status !== undefined,
    );
    for (const c of cases.UPDATE_CASES) {
      await check('update', c.name, c.expect, () => handle.executeUpdate(decideApprovalUpdate, { args: [c.request as never] }));
    }
    await check('query', 'an unknown query name', /getDagStat|unknown|not (found|registered)/i, () => handle.query('getDagStat'));
    await check('query', 'a query on an unknown run', /not found|no run/i, () => client.workflow.getHandle('hostile-nobody').query(getDagStateQuery));
    const history = await handle.fetchHistory();
    const accepted = history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    assert.equal(accepted.length, 0, 'no refused Update entered history');
    await handle.terminate('hostile test done');

    const approval = weeklyRetrainingDag.tasks.find((t) => t.id === 'approve_promotion');
    assert.ok(approval && approval.kind === 'approval' && approval.checkRequest);
    const ctx = { params: { modelName: 'spam' }, upstream: { register_model: { version: 3 } } } as never;
    for (const c of cases.APPROVAL_DETAIL_CASES) {
      await check('update', `details: ${c.name}`, c.expect, () =>
        approval.checkRequest!({ taskId: 'approve_promotion', decision: 'approve', by: 'eve', details: c.details } as never, ctx),
      );
    }
    assert.deepEqual([...failuresOf('update'), ...failuresOf('query')], []);
  });

  test('schedules and backfills: refused with the schedule, the field and the value', async () => {
    for (const c of cases.SCHEDULE_CASES(schedules)) await check('schedule', c.name, c.expect, c.run);
    assert.deepEqual(failuresOf('schedule'), []);
  });

  test('source configuration and source queries: named before any row is read or written', async () => {
    for (const c of cases.SOURCE_CONFIG_CASES) await check('source config', c.name, c.expect, () => parseSourceSetting({ SOURCE_CONFIG: c.config }));
    const count = async () => (await stack.pg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM moderation_events')).rows[0]!.n;
    const before = await count();
    for (const c of cases.SOURCE_CHECK_CASES) {
      await check('source check', c.name, c.expect, () => checkSource(stack.pg.pool, parseSourceConfig(c.source)));
    }
    assert.equal(await count(), before, 'no source row was deleted');
    assert.deepEqual([...failuresOf('source config'), ...failuresOf('source check')], []);
  });

  test('activity inputs from a forged workflow: a source is refused, other fields named', async () => {
    const data = createDataActivities(stack.deps);
    const drift = createDriftActivities({ ...stack.deps, client: stack.env.client });
    const before = (await stack.pg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM model_versions')).rows[0]!.n;
    for (const c of cases.ACTIVITY_CASES) {
      const fn = c.activity === 'extractEvents' ? data.extractEvents : drift.measureDrift;
      await check('activity', c.name, c.expect, () => fn(c.input as never));
    }
    const after = (await stack.pg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM model_versions')).rows[0]!.n;
    assert.equal(after, before);
    assert.deepEqual(failuresOf('activity'), []);
  });

  test('artifact URIs outside the store are refused without reading', async () => {
    const location = stack.store.uriFor('x').replace(/\/x$/, '');
    for (const c of cases.ARTIFACT_CASES) await check('artifact', c.name, c.expect, async () => readAll(await stack.store.openRead(c.uri(location))));
    assert.deepEqual(failuresOf('artifact'), []);
  });

  test("a team's own source rows: unmapped labels, empty and huge texts show in validation", async () => {
    for (const [i, c] of cases.DATASET_CASES.entries()) {
      const table = `hostile_source_${i}`;
      await stack.pg.pool.query(`CREATE TABLE ${table} (id text PRIMARY KEY, content text, label text, event_time timestamptz)`);
      for (const [n, row] of c.rows.entries()) {
        await stack.pg.pool.query(`INSERT INTO ${table} VALUES ($1, $2, $3, timestamptz '2024-03-05' + $4 * interval '1 minute')`, [...row, n]);
      }
      const source = parseSourceConfig({
        kind: 'table',
        table,
        columns: { id: 'id', text: 'content', label: 'label', eventTime: 'event_time' },
        labelMapping: c.labelMapping,
      });
      const data = createDataActivities({ ...stack.deps, source });
      await check('source rows', c.name, c.expect, async () => {
        const extracted = await data.extractEvents({
          modelName: `hostile-${i}`,
          dataInterval: { start: '2024-03-11T00:00:00Z', end: '2024-03-18T00:00:00Z' },
          trainingWeeks: 2,
          runKey: table,
        });
        const validated = await data.validateDataset({ manifest: extracted.manifest });
        // A warning passes validation: the case counts as refused-with-a-message when it is reported.
        if (c.warning) throw new Error(validated.warnings.join('; ') || 'no warning');
        throw new Error(`validation passed: ${JSON.stringify(validated.warnings)}`);
      });
    }
    assert.deepEqual(failuresOf('source rows'), []);
  });

  test('startStack: a bad store or source database stops before embedded PostgreSQL exists', async () => {
    for (const c of cases.STACK_CASES) {
      const dataDir = mkdtempSync(join(tmpdir(), 'hostile-stack-'));
      await check(
        'stack',
        c.name,
        c.expect,
        async () => {
          const config = loadConfig({ DATA_DIR: dataDir, ...c.env({ databaseUrl: stack.pg.url, dataDir }) });
          const stackOf = await startStack(config, logger, { embeddedTemporal: false });
          await stackOf.close();
        },
        c.secret,
      );
      if (existsSync(join(dataDir, 'postgres')))
        outcomes.push({ surface: 'stack', name: `${c.name} (side effect)`, ok: false, why: readdirSync(dataDir).join(', ') });
      rmSync(dataDir, { recursive: true, force: true });
    }
    assert.deepEqual(failuresOf('stack'), []);
  });

  test('at least 150 hostile inputs were tried, and every one was refused clearly', async () => {
    const failed = outcomes.filter((o) => !o.ok).map((o) => `${o.surface} / ${o.name}: ${o.why}`);
    console.log(`# hostile inputs: ${outcomes.length} cases, ${outcomes.length - failed.length} pass`);
    assert.ok(outcomes.length >= 150, `only ${outcomes.length} cases`);
    assert.deepEqual(failed, []);
  });
});
