import { randomBytes } from 'node:crypto';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, type Worker, type WorkflowBundle } from '@temporalio/worker';
import type { ActivityDeps } from '../../../activities';
import type { DagRunResult } from '../../../common/dag';
import { payloadDataConverter } from '../../../lib/codec';
import { LocalArtifactStore } from '../../../lib/artifacts';
import { createPool } from '../../../lib/db';
import { createLogger } from '../../../lib/logger';
import { getDagStateQuery, type DagRunInput } from '../../../workflows/dag';
import { createWorkers } from '../../../workers/create-workers';
import { uniqueTaskQueue } from '../../support/temporal-test-env';

export const FIXTURE_WORKFLOWS = require.resolve('./fixtures/workflows');

/** A keyring JSON as PAYLOAD_KEYS takes it, with fresh random keys. */
export function keysJson(current: string, ids: readonly string[], keys: Record<string, string> = {}): string {
  const all = Object.fromEntries(ids.map((id) => [id, keys[id] ?? randomBytes(32).toString('base64')]));
  return JSON.stringify({ current, keys: all });
}

export async function bundleFixtures(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: FIXTURE_WORKFLOWS,
    logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

const logger = createLogger({ level: 'warn', pretty: false });

/**
 * Activity deps for the smoke activities, which touch neither: the pool never connects (nothing
 * queries it) and the store is an empty temp folder.
 */
export function smokeDeps(artifactsDir: string): ActivityDeps {
  return { pool: createPool('postgres://unused@127.0.0.1:9/unused', { max: 1 }), store: new LocalArtifactStore(artifactsDir), logger };
}

/** What the tests need of a Temporal server: a TestWorkflowEnvironment, or connections to a dev server. */
export type TemporalConnections = Pick<TestWorkflowEnvironment, 'connection' | 'nativeConnection' | 'namespace'>;

/** The production cpu worker (createWorkers) on a queue of its own, with the payload keys given. */
export async function startCodecWorker(
  env: TemporalConnections,
  options: { bundle: WorkflowBundle; deps: ActivityDeps; taskQueue: string; payloadKeys?: string },
) {
  const dataConverter = payloadDataConverter({ PAYLOAD_KEYS: options.payloadKeys });
  const [worker] = (await createWorkers({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    queues: ['cpu'],
    deps: options.deps,
    logger,
    shutdownGraceTime: 2_000,
    taskQueues: { cpu: options.taskQueue, gpu: `${options.taskQueue}-gpu` },
    workflowBundle: options.bundle,
    ...(dataConverter ? { dataConverter } : {}),
  })) as [Worker];
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

/** A client like connectFromEnvironment builds, with the payload keys given. */
export function codecClient(env: TemporalConnections, payloadKeys?: string): Client {
  const dataConverter = payloadDataConverter({ PAYLOAD_KEYS: payloadKeys });
  return new Client({ connection: env.connection, namespace: env.namespace ?? 'default', ...(dataConverter ? { dataConverter } : {}) });
}

export type CodecRun = WorkflowHandle<(input: DagRunInput) => Promise<DagRunResult>>;

export function startCodecRun(client: Client, taskQueue: string, secretNote: string, workflowId = `codec_dag/${uniqueTaskQueue('run')}`): Promise<CodecRun> {
  return client.workflow.start<(input: DagRunInput) => Promise<DagRunResult>>('codec_dag', {
    taskQueue,
    workflowId,
    args: [{ params: { secretNote }, runKind: 'manual', taskQueues: { cpu: taskQueue, gpu: taskQueue } }],
  });
}

/** Polls the run's DAG state until the approval task waits (a generous ceiling: the box is loaded). */
export async function waitForApproval(handle: CodecRun, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await handle.query(getDagStateQuery).catch(() => undefined);
    const approval = state?.tasks.find((t) => t.taskId === 'approve_promotion')?.state;
    if (approval === 'running') return;
    if (Date.now() > until) throw new Error(`approve_promotion did not start waiting within ${timeoutMs} ms (state: ${approval})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The run's history as the server stores it, read with no codec: protobuf bytes. */
export async function rawHistory(client: Client, workflowId: string): Promise<{ bytes: Buffer; events: temporal.api.history.v1.IHistoryEvent[] }> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId },
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { bytes: Buffer.from(temporal.api.history.v1.History.encode({ events }).finish()), events };
}
