import type { RunView } from '../../client/client-types';
import { rolloutControl, type RolloutAction } from '../../client/operator';
import type { TrafficSplit } from '../../lib/serving/traffic-store';
import type { RolloutControl } from '../../workflows/deploy/rollout-control';
import type { ConsoleDeps, RolloutView } from './types';

export const DEPLOY_DAG = 'deploy_model';

/** Model and version of a rollout from its business key `deploy_model/<model>/v<N>` (deployWorkflowId). */
export function rolloutSubject(workflowId: string): { model: string; version: number } | undefined {
  const match = /^deploy_model\/([^/]+)\/v([1-9]\d*)$/.exec(workflowId);
  return match ? { model: match[1]!, version: Number(match[2]) } : undefined;
}

/** `shadow`, `canary 25%` or `off` for this version (another challenger's split is `off` for it). */
export function stageOf(split: TrafficSplit | null, version: number): string {
  if (!split || split.challenger !== version || split.mode === 'off') return 'off';
  return split.mode === 'canary' ? `canary ${split.canaryPercent}%` : split.mode;
}

/**
 * The rollout panel of a deploy_model run page: the stage from the traffic split, the operators'
 * commands from the run's getRolloutControl Query, and the decision once finish_rollout has one.
 * Undefined for any other run. A Query that fails shows as `unavailable`, not as a broken page.
 */
export async function rolloutDetail(deps: ConsoleDeps, view: RunView, dagId: string): Promise<RolloutView | undefined> {
  if (dagId !== DEPLOY_DAG) return undefined;
  const subject = rolloutSubject(view.workflowId);
  if (!subject) return undefined;
  // A closed run is not queried: a Query of a closed run needs a worker to replay it, and its
  // decision and reasons (finish_rollout's output) already name who aborted or promoted it.
  const [control, split] = await Promise.all([
    view.closed
      ? undefined
      : rolloutControl(deps.client.temporal, view.workflowId).then(
          (c): RolloutControl | string => c,
          (err: unknown) => (err instanceof Error ? err.message : String(err)),
        ),
    deps.traffic ? deps.traffic.readTrafficSplit(subject.model) : Promise.resolve(undefined),
  ]);
  const finishOutput = view.result?.tasks.finish_rollout?.output ?? view.tasks.find((t) => t.taskId === 'finish_rollout')?.output;
  return buildRolloutView(subject, { closed: view.closed, status: view.status, finishOutput }, control, split);
}

/** What the panel needs of the run: whether it can still take an Update, and finish_rollout's output. */
export interface RolloutRunState {
  readonly closed: boolean;
  readonly status: RunView['status'];
  readonly finishOutput?: unknown;
}

/**
 * Pure: the panel from what was read. `control`: the Query's answer, its failure's message, or
 * undefined when not asked (a closed run); `split` undefined when the console has no traffic reads.
 */
export function buildRolloutView(
  subject: { model: string; version: number },
  run: RolloutRunState,
  control: RolloutControl | string | undefined,
  split: TrafficSplit | null | undefined,
): RolloutView {
  const c: RolloutControl = typeof control === 'object' ? control : { paused: null, resumed: null, promoteNow: null, abort: null };
  const finished = finishedOf(run.finishOutput);
  const open = !run.closed && run.status !== 'draining' && typeof control === 'object';
  // What the validators in workflows/deploy/rollout-control.ts accept: nothing once ending.
  const ending = c.abort !== null || c.promoteNow !== null || finished !== undefined;
  const actions: RolloutAction[] = !open || ending ? [] : [c.paused ? 'resume' : 'pause', 'promote', 'abort'];
  return {
    ...subject,
    ...(split !== undefined ? { stage: stageOf(split, subject.version) } : {}),
    paused: c.paused,
    resumed: c.resumed,
    promoteNow: c.promoteNow,
    abort: c.abort,
    ...(finished?.decision ? { decision: finished.decision } : {}),
    ...(finished && finished.reasons.length > 0 ? { reasons: finished.reasons } : {}),
    ...(typeof control === 'string' ? { unavailable: control } : {}),
    actions,
  };
}

/** finish_rollout's output (activities/deploy FinishedRollout), read defensively: it crossed a boundary. */
function finishedOf(output: unknown): { decision?: string; reasons: string[] } | undefined {
  if (typeof output !== 'object' || output === null || !('outcome' in output)) return undefined;
  const o = output as { decision?: unknown; reasons?: unknown };
  const reasons = Array.isArray(o.reasons) ? o.reasons.filter((r): r is string => typeof r === 'string') : [];
  return { ...(typeof o.decision === 'string' ? { decision: o.decision } : {}), reasons };
}
