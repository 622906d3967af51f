import type { Client } from '@temporalio/client';
import type { ApprovalOutcome, TaskStatus } from '../common/dag';
import { TASK_QUEUES } from '../common/task-queues';
import { decideApproval, type ApprovalInput } from './approval';
import type {
  FactoryClientOptions,
  ListRunsFilter,
  RunSummary,
  RunView,
  StartedRun,
  StartRetrainingInput,
  StartRunInput,
  WaitForRunOptions,
} from './client-types';
import { connectFromEnvironment } from './connect';
import { InvalidCallArgumentError, InvalidRunParamsError } from './errors';
import { listRuns } from './list-runs';
import { cancelRun, failRun, retryTask, rolloutControl, skipTask, steerRollout, type RolloutAction } from './operator';
import type { OperatorRequest, RolloutControl } from '../workflows/deploy/rollout-control';
import { lazyRegistryReads, type RegistryReads } from './registry-reads';
import { describeRun, getRunView, waitUntilClosed } from './run-view';
import { prepareRun, startPrepared } from './start-run';
import { addressOf, asTransportError, withCallDeadline, type CallContext } from './transport';

/** Default deadline of one client call to Temporal. */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/**
 * What other services use to start, follow, steer and approve runs, and to read the registry.
 * Create with createFactoryClient. Every call to Temporal has a deadline (`callTimeoutMs`); a
 * server that is down or does not answer in time is TemporalUnavailableError.
 */
export interface FactoryClient extends RegistryReads {
  /** The underlying Temporal client, for anything this interface does not cover. */
  readonly temporal: Client;
  readonly namespace: string;
  /**
   * Starts `weekly_retraining` for the week before `logicalDate` (default now). Params are checked
   * with the workflow's own zod schema first (InvalidRetrainingParamsError lists every failing
   * field; nothing is sent). The id is `weekly_retraining/<model>/<ISO week>`: a week that
   * already has a run, running or completed, returns it with `alreadyRunning: true`, and
   * `paramsDiffer` when its params differ (RunParamsDifferError with `onParamsDiffer: 'error'`).
   */
  startRetraining(input?: StartRetrainingInput): Promise<StartedRun>;
  /** Same, for any DAG of the catalog (`dags list`); the id is `<dag>/<logical date>` for others. */
  startRun(dagId: string, input?: StartRunInput): Promise<StartedRun>;
  /** The run's DAG state now (RunNotFoundError when no run has the id). */
  getRun(workflowId: string): Promise<RunView>;
  /**
   * Resolves when the run closes, with its final view; a failed run resolves too (`status`,
   * `outcome`). RunWaitTimeoutError after `timeoutMs`; `signal` aborts the wait with its reason.
   */
  waitForRun(workflowId: string, options?: WaitForRunOptions): Promise<RunView>;
  /** Runs, newest first, by DAG, model, status, outcome, run kind and logical date. */
  listRuns(filter?: ListRunsFilter): Promise<RunSummary[]>;
  /** Approves the waiting approval task; ApprovalRejectedByValidatorError when the run refuses. */
  approvePromotion(input: ApprovalInput): Promise<ApprovalOutcome>;
  rejectPromotion(input: ApprovalInput): Promise<ApprovalOutcome>;
  /** Cancels the run (teardown tasks still run); RunActionRefusedError when it has ended. */
  cancelRun(workflowId: string): Promise<void>;
  /** Stops the run as failed (the engine's failRun Update); RunActionRefusedError when it is already stopping. */
  failRun(workflowId: string): Promise<void>;
  /** Runs a task paused on failure again (retryTask Update); answers its new status. */
  retryTask(workflowId: string, taskId: string): Promise<TaskStatus>;
  /** Skips a task paused on failure (skipTask Update); answers its new status. */
  skipTask(workflowId: string, taskId: string): Promise<TaskStatus>;
  /**
   * Pauses, resumes, promotes now or aborts a deploy_model rollout (workflow id from
   * `deployWorkflowId(model, version)`) in the name of `request.by`; answers the rollout's control
   * state. RunActionRefusedError when the rollout refuses (already paused, ended, ...).
   */
  steerRollout(workflowId: string, action: RolloutAction, request: OperatorRequest): Promise<RolloutControl>;
  /** A rollout's control state: its stage, who paused it, a requested promote-now or abort. */
  rolloutControl(workflowId: string): Promise<RolloutControl>;
  /** Closes what the client opened (not an injected client or pool). */
  close(): Promise<void>;
}

/** Connects (or wraps an injected Temporal client) and returns the factory client. */
export async function createFactoryClient(options: FactoryClientOptions = {}): Promise<FactoryClient> {
  const connected = options.client
    ? undefined
    : await connectFromEnvironment({
        ...(options.namespace ? { namespace: options.namespace } : {}),
        ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      });
  const temporal = options.client ?? connected!.client;
  const timeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    await connected?.close();
    throw new RangeError(`callTimeoutMs: expected a positive number of milliseconds (got ${JSON.stringify(options.callTimeoutMs)})`);
  }
  const ctx: CallContext = { client: temporal, address: connected?.address ?? addressOf(temporal), timeoutMs };
  const call = <T>(operation: string, fn: () => Promise<T>) => withCallDeadline(ctx, operation, fn);
  const taskQueue = options.taskQueue ?? TASK_QUEUES.cpu;
  const registry = lazyRegistryReads({
    ...(options.pool ? { pool: options.pool } : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  });
  const startRun = async (dagId: string, request: StartRunInput = {}): Promise<StartedRun> => {
    if (typeof dagId !== 'string' || dagId === '') throw new InvalidCallArgumentError('startRun', 'dagId', dagId, 'a DAG id such as "weekly_retraining"');
    if (!isPlainObject(request)) throw new InvalidCallArgumentError('startRun', 'input', request, 'an object { params?, logicalDate?, runKind? }');
    const { onParamsDiffer = 'warn', ...input } = request;
    // Checked before any call: bad params never reach Temporal (and reject, like every failure here).
    const prepared = prepareRun(dagId, input);
    if (onParamsDiffer !== 'warn' && onParamsDiffer !== 'error') {
      throw new InvalidRunParamsError(dagId, [`onParamsDiffer: expected "warn" or "error" (got ${JSON.stringify(onParamsDiffer)})`]);
    }
    return call('startRun', () => startPrepared(temporal, taskQueue, prepared, { onParamsDiffer }));
  };
  return {
    ...registry.reads,
    temporal,
    namespace: temporal.options.namespace,
    startRetraining: async (request = {}) => {
      if (!isPlainObject(request))
        throw new InvalidCallArgumentError('startRetraining', 'input', request, 'an object of params (modelName, epochs, ...) and logicalDate');
      const { logicalDate, runKind, onParamsDiffer, ...params } = request;
      return startRun('weekly_retraining', { params, logicalDate, runKind, ...(onParamsDiffer ? { onParamsDiffer } : {}) });
    },
    startRun,
    getRun: async (workflowId) => call('getRun', () => getRunView(temporal, checkedWorkflowId('getRun', workflowId))),
    async waitForRun(workflowId, waitOptions) {
      // RunNotFoundError (or an unreachable server) within the call deadline, before the long wait.
      checkedWorkflowId('waitForRun', workflowId);
      await call('waitForRun', () => describeRun(temporal, workflowId));
      try {
        await waitUntilClosed(temporal, workflowId, waitOptions);
      } catch (err) {
        // The wait has no call deadline of its own: a server that goes away shows as UNAVAILABLE.
        throw asTransportError(ctx, 'waitForRun', err) ?? err;
      }
      return call('waitForRun', () => getRunView(temporal, workflowId));
    },
    listRuns: (filter) => listRuns(temporal, filter, (fn) => call('listRuns', fn)),
    approvePromotion: (input) => call('approvePromotion', () => decideApproval(temporal, 'approve', input)),
    rejectPromotion: (input) => call('rejectPromotion', () => decideApproval(temporal, 'reject', input)),
    cancelRun: async (workflowId) => call('cancelRun', () => cancelRun(temporal, checkedWorkflowId('cancelRun', workflowId))),
    failRun: async (workflowId) => call('failRun', () => failRun(temporal, checkedWorkflowId('failRun', workflowId))),
    retryTask: (workflowId, taskId) => call('retryTask', () => retryTask(temporal, workflowId, taskId)),
    skipTask: (workflowId, taskId) => call('skipTask', () => skipTask(temporal, workflowId, taskId)),
    steerRollout: (workflowId, action, request) =>
      call('steerRollout', () => steerRollout(temporal, checkedWorkflowId('steerRollout', workflowId), action, request)),
    rolloutControl: (workflowId) => call('rolloutControl', () => rolloutControl(temporal, checkedWorkflowId('rolloutControl', workflowId))),
    async close() {
      await registry.close();
      await connected?.close();
    },
  };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A workflow id as Temporal accepts it (non-empty, at most 1000 characters), or InvalidCallArgumentError. */
function checkedWorkflowId(operation: string, workflowId: unknown): string {
  if (typeof workflowId === 'string' && workflowId.trim() !== '' && workflowId.length <= 1000) return workflowId;
  throw new InvalidCallArgumentError(operation, 'workflowId', workflowId, 'a non-empty workflow id such as "weekly_retraining/spam/2002-W40"');
}
