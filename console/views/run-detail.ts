import type { RunTask, RunView } from '../../client/client-types';
import { DAGS } from '../../client/dag-catalog';
import { isTerminal, type DagSpec, type TaskKind, type TaskState } from '../../common/dag';
import { uiRunUrl } from '../../lib/temporal/ui-links';
import { artifactHref, rememberLinks } from './links';
import { outcomeCellOf } from './outcome-cell';
import { rowOf } from './run-list';
import { pendingHeartbeats, type PendingHeartbeat } from './pending-heartbeats';
import { rolloutDetail } from './rollout-detail';
import { activityHistory, type ActivityRecord } from './run-history';
import { artifactsOfOutput } from './task-artifacts';
import type { ConsoleDeps, RunAction, RunDetail, RunRow, TaskAction, TaskRow } from './types';

/**
 * The run page: the DAG spec for the graph, each task's state, tries, times, heartbeat
 * progress, error and artifacts, and the operator actions the engine accepts now. getDagState
 * (through the client's run view) is the source; the run's history fills in what it lacks
 * (times and tries of a closed run, outputs over 1 KiB, the epochs a training was asked for),
 * and the pending activities their last heartbeat. RunNotFoundError for an unknown id.
 */
export async function runDetail(deps: ConsoleDeps, workflowId: string): Promise<RunDetail> {
  const view = await deps.client.getRun(workflowId);
  const handle = deps.client.temporal.workflow.getHandle(workflowId, view.runId);
  const [history, description, rollout] = await Promise.all([
    activityHistory(deps.client.temporal, workflowId, view.runId),
    handle.describe(),
    rolloutDetail(deps, view, dagIdOf(view)),
  ]);
  const heartbeats = await pendingHeartbeats(deps.client.temporal, description);
  const built = buildRunDetail(deps, view, history, heartbeats, Date.now(), rowOf(deps, description, view));
  const detail = rollout ? { ...built, rollout } : built;
  rememberLinks(
    deps,
    detail.tasks.flatMap((t) => t.artifacts),
  );
  return detail;
}

/** The run page from what was read. Pure (`now` dates a running task's duration). */
export function buildRunDetail(
  deps: Pick<ConsoleDeps, 'temporalUiUrl' | 'namespace' | 'artifactHref'>,
  view: RunView,
  history: ReadonlyMap<string, readonly ActivityRecord[]>,
  heartbeats: ReadonlyMap<string, PendingHeartbeat>,
  now: number,
  meta?: RunRow,
): RunDetail {
  const dagId = dagIdOf(view);
  const spec: DagSpec | undefined = Object.hasOwn(DAGS, dagId) ? DAGS[dagId] : undefined;
  const link = deps.artifactHref ?? artifactHref;
  const href = (uri: string) => link(uri, view.workflowId);
  const live = new Map(view.tasks.map((t) => [t.taskId, t]));
  const ids = spec ? spec.tasks.map((t) => t.id) : view.tasks.map((t) => t.taskId);
  const stopping = view.closed || view.status === 'draining';
  const tasks = ids.map((id) =>
    taskRow(id, live.get(id), spec?.tasks.find((t) => t.id === id)?.kind, history.get(id) ?? [], heartbeats.get(id), { now, stopping, href }),
  );
  const temporalUiUrl = uiRunUrl(deps.temporalUiUrl, deps.namespace, view.workflowId, view.runId);
  const runActions: RunAction[] = stopping ? [] : ['fail-run'];
  const awaiting = view.awaitingApproval;
  return {
    meta: meta ?? metaOf(view, dagId, temporalUiUrl),
    ...(spec ? { spec } : {}),
    states: Object.fromEntries(tasks.map((t) => [t.id, t.state])),
    tasks,
    runActions,
    ...(awaiting
      ? {
          approval: {
            taskId: awaiting.taskId,
            ...(awaiting.prompt !== undefined ? { prompt: awaiting.prompt } : {}),
            ...(awaiting.model !== undefined ? { model: awaiting.model } : {}),
            ...(awaiting.version !== undefined ? { awaitingVersion: awaiting.version } : {}),
            deadline: awaiting.deadline,
          },
        }
      : {}),
    progress: view.progress,
    closed: view.closed,
    ...(view.failure ? { failure: view.failure } : {}),
    temporalUiUrl,
  };
}

function dagIdOf(view: RunView): string {
  return view.state?.dagId ?? view.result?.dagId ?? view.workflowType;
}

interface RowContext {
  readonly now: number;
  readonly stopping: boolean;
  readonly href: (uri: string) => string;
}

function taskRow(
  id: string,
  live: RunTask | undefined,
  specKind: TaskKind | undefined,
  records: readonly ActivityRecord[],
  heartbeat: PendingHeartbeat | undefined,
  ctx: RowContext,
): TaskRow {
  const state: TaskState = live?.state ?? 'none';
  const last = records[records.length - 1];
  // One try per operator retry: `train_model`, `train_model#2`; mapped items share their try.
  const tries = live?.tries ?? new Set(records.map((r) => r.activityId.split(/[:[]/)[0])).size;
  const startedAt = live?.startedAt ?? firstOf(records.map((r) => r.startedAt ?? r.scheduledAt));
  const endedAt = live?.endedAt ?? (isDone(state) ? lastOf(records.map((r) => r.endedAt)) : undefined);
  const until = endedAt ?? (state === 'running' || state === 'up_for_retry' ? ctx.now : undefined);
  const durationMs = startedAt !== undefined && until !== undefined ? Math.max(0, until - startedAt) : undefined;
  // The full output from history when getDagState cut it (`{ omittedBytes }`) or the run has closed.
  const output = [...records].reverse().find((r) => r.state === 'completed')?.result ?? live?.output;
  const progress = progressOf(state, heartbeat, last, output);
  const attempts = live?.attempts ?? heartbeat?.attempt ?? last?.attempt;
  const error = live?.error ?? (state === 'failed' || state === 'paused_on_failure' ? last?.failure : undefined);
  const actions: TaskAction[] = state === 'paused_on_failure' && !ctx.stopping ? ['retry', 'skip'] : [];
  return {
    id,
    kind: live?.kind ?? specKind ?? 'activity',
    state,
    tries,
    ...(attempts !== undefined ? { attempts } : {}),
    ...(startedAt !== undefined ? { startedAt: new Date(startedAt).toISOString() } : {}),
    ...(endedAt !== undefined ? { endedAt: new Date(endedAt).toISOString() } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...progress,
    ...(live?.mapped ? { mapped: live.mapped } : {}),
    ...(state === 'paused_on_failure' && live?.paused?.deadline !== undefined ? { pausedUntil: new Date(live.paused.deadline).toISOString() } : {}),
    ...(error ? { error } : {}),
    ...(live?.decision ? { decision: live.decision } : {}),
    artifacts: artifactsOfOutput(id, output, ctx.href),
    actions,
  };
}

/** Training's `epoch i of n, loss`, or a line for other heartbeats (`scoring candidate 1200/4000`). */
function progressOf(
  state: TaskState,
  heartbeat: PendingHeartbeat | undefined,
  last: ActivityRecord | undefined,
  output: unknown,
): Pick<TaskRow, 'progress' | 'progressText'> {
  const epochs = epochsAsked(last?.input);
  if ((state === 'running' || state === 'up_for_retry') && heartbeat) {
    const d = heartbeat.details;
    if (typeof d.epoch === 'number' && epochs !== undefined) {
      return { progress: { epoch: d.epoch, epochs, ...(typeof d.loss === 'number' ? { loss: d.loss } : {}) } };
    }
    return { progressText: heartbeatLine(d) };
  }
  const o = output as { epochs?: unknown; lossHistory?: unknown } | undefined;
  if (state === 'success' && typeof o?.epochs === 'number' && Array.isArray(o.lossHistory)) {
    const loss = o.lossHistory[o.lossHistory.length - 1];
    return { progress: { epoch: o.epochs, epochs: o.epochs, ...(typeof loss === 'number' ? { loss } : {}) } };
  }
  return {};
}

function epochsAsked(input: unknown): number | undefined {
  const epochs = (input as { config?: { epochs?: unknown } } | undefined)?.config?.epochs;
  return typeof epochs === 'number' ? epochs : undefined;
}

function heartbeatLine(d: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  if (typeof d.phase === 'string') parts.push(d.phase);
  if (typeof d.model === 'string') parts.push(d.model);
  if (typeof d.rowsDone === 'number') parts.push(typeof d.rows === 'number' ? `${d.rowsDone}/${d.rows} rows` : `${d.rowsDone} rows`);
  else if (typeof d.rowsRead === 'number') parts.push(`${d.rowsRead} rows read`);
  if (typeof d.batch === 'number' && typeof d.batches === 'number') parts.push(`batch ${d.batch}/${d.batches}`);
  return parts.join(' ') || 'working';
}

/** The run's row when only its view is known (tests): the page reads it from the description. */
function metaOf(view: RunView, dagId: string, temporalUiUrl: string): RunRow {
  const model = view.registered?.model ?? view.awaitingApproval?.model;
  const startedAt = view.state?.tasks.map((t) => t.startedAt).find((t) => t !== undefined);
  return {
    workflowId: view.workflowId,
    runId: view.runId,
    dagId,
    ...(model !== undefined ? { model } : {}),
    ...(view.logicalDate !== undefined ? { logicalDate: view.logicalDate } : {}),
    ...((view.state?.runKind ?? view.result?.runKind) ? { runKind: view.state?.runKind ?? view.result?.runKind } : {}),
    status: view.executionStatus,
    outcome: outcomeCellOf(view),
    startedAt: startedAt !== undefined ? new Date(startedAt).toISOString() : '',
    temporalUiUrl,
  };
}

/** Ended, or ended a try and waits for an operator: its end time is known. */
function isDone(state: TaskState): boolean {
  return isTerminal(state) || state === 'paused_on_failure';
}

function firstOf(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? Math.min(...known) : undefined;
}

function lastOf(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
}
