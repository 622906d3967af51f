import type { Client } from '@temporalio/client';
import type { ApprovalOutcome } from '../common/dag';
import { TASK_QUEUES } from '../common/task-queues';
import { createPool, type Pool } from '../lib/db';
import { ModelRegistry, type ModelSummary } from '../lib/registry';
import { decideApproval, type ApprovalInput } from './approval';
import type { FactoryClientOptions, RunView, StartedRun, StartRetrainingInput, StartRunInput } from './client-types';
import { connectFromEnvironment } from './connect';
import { RegistryNotConfiguredError } from './errors';
import { getRunView, waitForRunView } from './run-view';
import { prepareRun, startPrepared } from './start-run';

/** What other services use to start, follow and approve runs. Create with createFactoryClient. */
export interface FactoryClient {
  /** The underlying Temporal client, for anything this interface does not cover. */
  readonly temporal: Client;
  readonly namespace: string;
  /**
   * Starts `weekly_retraining` for the week before `logicalDate` (default now). Params are checked
   * with the workflow's own zod schema first (InvalidRetrainingParamsError lists every failing
   * field; nothing is sent). The id is `weekly_retraining/<model>/<ISO week>`: a week that
   * already has a run, running or completed, returns it with `alreadyRunning: true`.
   */
  startRetraining(input?: StartRetrainingInput): Promise<StartedRun>;
  /** Same, for any DAG of the catalog (`dags list`); the id is `<dag>/<logical date>` for others. */
  startRun(dagId: string, input?: StartRunInput): Promise<StartedRun>;
  /** The run's DAG state now (RunNotFoundError when no run has the id). */
  getRun(workflowId: string): Promise<RunView>;
  /** Resolves when the run closes, with its final view; a failed run resolves too (`status`). */
  waitForRun(workflowId: string): Promise<RunView>;
  /** Approves the waiting approval task; ApprovalRejectedByValidatorError when the run refuses. */
  approvePromotion(input: ApprovalInput): Promise<ApprovalOutcome>;
  rejectPromotion(input: ApprovalInput): Promise<ApprovalOutcome>;
  /** Models in the registry (needs PostgreSQL: `databaseUrl`, `pool` or DATABASE_URL). */
  listModels(): Promise<ModelSummary[]>;
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
  const taskQueue = options.taskQueue ?? TASK_QUEUES.cpu;
  let ownPool: Pool | undefined;
  const registry = (): ModelRegistry => {
    if (options.pool) return new ModelRegistry(options.pool);
    const url = options.databaseUrl ?? process.env.DATABASE_URL;
    if (!url) throw new RegistryNotConfiguredError();
    ownPool ??= createPool(url, { max: 2 });
    return new ModelRegistry(ownPool);
  };
  const startRun = async (dagId: string, input: StartRunInput = {}) => startPrepared(temporal, taskQueue, prepareRun(dagId, input));
  return {
    temporal,
    namespace: temporal.options.namespace,
    startRetraining: ({ logicalDate, runKind, ...params } = {}) => startRun('weekly_retraining', { params, logicalDate, runKind }),
    startRun,
    getRun: (workflowId) => getRunView(temporal, workflowId),
    waitForRun: (workflowId) => waitForRunView(temporal, workflowId),
    approvePromotion: (input) => decideApproval(temporal, 'approve', input),
    rejectPromotion: (input) => decideApproval(temporal, 'reject', input),
    listModels: () => registry().listModels(),
    async close() {
      await ownPool?.end();
      await connected?.close();
    },
  };
}
