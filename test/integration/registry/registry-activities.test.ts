import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createRegistryActivities, type RegisterModelInput } from '../../../activities/registry';
import { LocalArtifactStore } from '../../../lib/artifacts';
import { createLogger } from '../../../lib/logger';
import { ModelRegistry } from '../../../lib/registry';
import { startTemporalTestEnv, uniqueTaskQueue } from '../../support/temporal-test-env';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';
import { registration } from './registration-fixture';

describe('registry activities on a real Temporal worker', () => {
  let env: TestWorkflowEnvironment;
  let pg: TestPostgres;
  let artifactsDir: string;

  before(async () => {
    // The simulated crash below makes the worker log an activity failure; keep the SDK to errors.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    [env, pg] = await Promise.all([startTemporalTestEnv(), startTestPostgres()]);
    pg.pool.on('error', () => undefined); // see model-registry.test.ts
    artifactsDir = mkdtempSync(join(tmpdir(), 'factory-registry-'));
  });

  after(async () => {
    await pg?.stop();
    await env?.teardown();
    if (artifactsDir) rmSync(artifactsDir, { recursive: true, force: true });
  });

  const deps = () => ({ pool: pg.pool, store: new LocalArtifactStore(artifactsDir), logger: createLogger({ level: 'silent', pretty: false }) });

  /** Runs `fn` while a worker with `activities` and the test workflows polls its own queue. */
  async function withWorker<T>(activities: object, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = uniqueTaskQueue('registry');
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('./workflows'), activities });
    return worker.runUntil(fn(taskQueue));
  }

  test('an activity retried after failing past its commit yields one version', async () => {
    const real = createRegistryActivities(deps());
    let crashes = 0;
    const activities = {
      ...real,
      async registerModel(input: RegisterModelInput) {
        const result = await real.registerModel(input);
        if (crashes === 0 && Context.current().info.attempt === 1) {
          crashes++;
          throw new Error('worker lost after the registry transaction committed');
        }
        return result;
      },
    };
    const { registrationKey: _key, lineage, ...rest } = registration('spam', 'unused/register_model');
    const input: RegisterModelInput = { ...rest, lineage: { taskId: 'register_model', dagId: lineage.dagId, logicalDate: lineage.logicalDate } };
    const workflowId = 'weekly_retraining-2002-03-04';

    const { first, second } = await withWorker(activities, (taskQueue) =>
      env.client.workflow.execute('registerTwice', { taskQueue, workflowId, args: [input] }),
    );

    assert.equal(crashes, 1);
    assert.deepEqual(first, { model: 'spam', version: 1, status: 'registered', registrationKey: `${workflowId}/register_model`, created: false });
    assert.deepEqual(second, first);
    const versions = await new ModelRegistry(pg.pool).listVersions('spam');
    assert.equal(versions.length, 1);
    assert.equal(versions[0]?.lineage.workflowId, workflowId);
    assert.match(versions[0]?.lineage.runId ?? '', /^[0-9a-f-]{36}$/);
  });

  test('promoting an unknown version fails the workflow at once with UnknownModelVersion', async () => {
    await new ModelRegistry(pg.pool).registerVersion(registration('ham', 'ham-1/register_model'));
    let attempts = 0;
    const real = createRegistryActivities(deps());
    const activities = {
      ...real,
      async promoteModel(input: Parameters<typeof real.promoteModel>[0]) {
        attempts++;
        return real.promoteModel(input);
      },
    };
    const err = await withWorker(activities, (taskQueue) =>
      env.client.workflow
        .execute('promoteOnce', {
          taskQueue,
          workflowId: `promote-unknown-${taskQueue}`,
          args: [{ model: 'ham', version: 7, actor: 'alice', reason: 'approved' }],
        })
        .then(
          () => assert.fail('the workflow should fail'),
          (e: unknown) => e,
        ),
    );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ActivityFailure && err.cause.cause instanceof ApplicationFailure);
    const failure = err.cause.cause;
    assert.equal(failure.type, 'UnknownModelVersion');
    assert.equal(failure.nonRetryable, true);
    assert.equal(failure.message, 'version 7 of model "ham" does not exist (latest: 1)');
    assert.equal(attempts, 1);
  });

  test('records the DAG version with the worker build as code version, and the training checkpoint', async () => {
    const build = { id: '0.1.0+3f2a9c1b4d5e', packageVersion: '0.1.0', gitCommit: '3f2a9c1b4d5e'.padEnd(40, '0') };
    const activities = createRegistryActivities({ ...deps(), build });
    const { registrationKey: _key, lineage, ...rest } = registration('eggs', 'unused/register_model');
    const input: RegisterModelInput = {
      ...rest,
      codeVersion: 'weekly_retraining@v2',
      lineage: { taskId: 'register_model', dagId: lineage.dagId, logicalDate: lineage.logicalDate },
    };

    await withWorker(activities, (taskQueue) =>
      env.client.workflow.execute('registerTwice', { taskQueue, workflowId: 'weekly_retraining/eggs/2002-W10', args: [input] }),
    );

    const [version] = await new ModelRegistry(pg.pool).listVersions('eggs');
    assert.equal(version?.codeVersion, 'weekly_retraining@v2 build 0.1.0+3f2a9c1b4d5e');
    assert.deepEqual(version?.artifacts.checkpoint, rest.artifacts.checkpoint);
    const { rows } = await pg.pool.query<{
      code_version: string;
      checkpoint_uri: string | null;
      checkpoint_sha256: string | null;
      checkpoint_size_bytes: string | null;
    }>('SELECT code_version, checkpoint_uri, checkpoint_sha256, checkpoint_size_bytes FROM model_versions WHERE model = $1', ['eggs']);
    assert.deepEqual(rows, [
      {
        code_version: 'weekly_retraining@v2 build 0.1.0+3f2a9c1b4d5e',
        checkpoint_uri: rest.artifacts.checkpoint!.uri,
        checkpoint_sha256: rest.artifacts.checkpoint!.sha256,
        checkpoint_size_bytes: String(rest.artifacts.checkpoint!.sizeBytes),
      },
    ]);
  });

  test('refuses an empty codeVersion at once, naming the field, and registers nothing', async () => {
    const activities = createRegistryActivities(deps());
    const { registrationKey: _key, lineage, ...rest } = registration('bacon', 'unused/register_model');
    const input: RegisterModelInput = { ...rest, codeVersion: ' ', lineage: { taskId: 'register_model', dagId: lineage.dagId } };
    const err = await withWorker(activities, (taskQueue) =>
      env.client.workflow.execute('registerTwice', { taskQueue, workflowId: 'bacon-empty-code-version', args: [input] }),
    ).catch((e: unknown) => e);
    assert.ok(err instanceof WorkflowFailedError);
    const failure = (err.cause as ActivityFailure).cause as ApplicationFailure;
    assert.equal(failure.type, 'InvalidInput');
    assert.match(failure.message, /^registerModel input is invalid: codeVersion " ": expected the DAG version that ran/);
    assert.deepEqual(await new ModelRegistry(pg.pool).listVersions('bacon').catch(() => []), []);
  });
});
