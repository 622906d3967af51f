import { ApplicationFailure, executeChild, log, sleep } from '@temporalio/workflow';
import {
  checkOutputSize,
  DAG_ERROR_CODES,
  DagOutputTooLargeError,
  durationMs,
  formatDuration,
  modelVersionOf,
  type ActivityTaskSpec,
  type ApprovalOutcome,
  type ApprovalTaskSpec,
  type BranchTaskSpec,
  type ChildWorkflowTaskSpec,
  type SensorTaskSpec,
  type ShortCircuitTaskSpec,
  type TaskSpec,
} from '../../common/dag';
import { callActivity } from './call-activity';
import { executeMap } from './execute-map';
import type { TaskCall, TaskEnv, TaskResult } from './task-env';

/** Runs one task to its outcome; throws when the task failed (the run decides: fail or pause). */
export async function executeTask(env: TaskEnv, call: TaskCall): Promise<TaskResult> {
  const task = env.compiled.tasks[call.index]!;
  switch (task.kind) {
    case 'activity':
      return sized(env, task, await runActivity(env, task, call));
    case 'map':
      return sized(env, task, await executeMap(env, task, call));
    case 'child_workflow':
      return sized(env, task, await runChild(env, task, call));
    case 'sensor':
      return runSensor(env, task, call);
    case 'branch':
      return runBranch(env, task, call);
    case 'short_circuit':
      return runShortCircuit(task, call);
    case 'join':
      // Runs nothing and issues no command: the trigger rule already decided that it runs.
      return { outcome: { state: 'success' } };
    case 'approval':
      return runApproval(env, task, call);
  }
}

function sized(env: TaskEnv, task: TaskSpec, output: unknown): TaskResult {
  try {
    checkOutputSize(task.id, output, env.compiled.spec.maxOutputBytes);
  } catch (err) {
    if (err instanceof DagOutputTooLargeError) {
      throw ApplicationFailure.nonRetryable(err.message, err.code, { bytes: err.bytes, limitBytes: err.limitBytes });
    }
    throw err;
  }
  return { outcome: { state: 'success' }, output };
}

function runActivity(env: TaskEnv, task: ActivityTaskSpec, call: TaskCall): Promise<unknown> {
  const id = call.tryNumber > 1 ? `${task.id}#${call.tryNumber}` : task.id;
  return callActivity(env, task, id, task.id, task.input?.(call.ctx));
}

function runChild(env: TaskEnv, task: ChildWorkflowTaskSpec, call: TaskCall): Promise<unknown> {
  const args = task.args(call.ctx);
  const { run, input } = env;
  const childArgs = task.subDag
    ? [{ params: args[0], logicalDate: run.logicalDate, runKind: run.runKind, ...(input.taskQueues ? { taskQueues: input.taskQueues } : {}) }]
    : [...args];
  const suffix = call.tryNumber > 1 ? `#${call.tryNumber}` : '';
  return executeChild(task.workflowType, { args: childArgs, workflowId: `${run.workflowId}/${task.id}${suffix}` });
}

/**
 * Reschedule-mode sensor: each poke is a short activity and the wait between pokes a durable
 * timer, so no worker slot is held while waiting and a worker restart loses nothing.
 */
async function runSensor(env: TaskEnv, task: SensorTaskSpec, call: TaskCall): Promise<TaskResult> {
  const interval = durationMs(task.pokeInterval);
  const timeout = durationMs(task.timeout);
  const deadline = Date.now() + timeout;
  const input = task.input?.(call.ctx);
  for (let poke = 1; ; poke++) {
    const result = await callActivity(env, task, `${task.id}:${call.tryNumber}:poke${poke}`, task.id, input);
    if (result === true || (typeof result === 'object' && result !== null && (result as { done?: unknown }).done === true)) {
      return sized(env, task, result);
    }
    if (Date.now() + interval > deadline) {
      if (task.softFail) return { outcome: { state: 'skipped' } };
      throw ApplicationFailure.nonRetryable(
        `sensor "${task.id}" did not see its condition within ${formatDuration(timeout)} (${poke} pokes)`,
        DAG_ERROR_CODES.sensorTimeout,
      );
    }
    await sleep(interval);
  }
}

function runBranch(env: TaskEnv, task: BranchTaskSpec, call: TaskCall): TaskResult {
  const chosen = task.choose(call.ctx);
  const follow = typeof chosen === 'string' ? [chosen] : [...chosen];
  const children = env.compiled.children[call.index]!.map((c) => env.compiled.tasks[c]!.id);
  const unknown = follow.filter((id) => !children.includes(id));
  if (unknown.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `branch "${task.id}" chose ${JSON.stringify(unknown)}, which are not its direct downstream tasks (${children.join(', ')})`,
      DAG_ERROR_CODES.invalidBranch,
    );
  }
  return { outcome: { state: 'success', skipChildren: children.filter((id) => !follow.includes(id)) }, output: follow };
}

function runShortCircuit(task: ShortCircuitTaskSpec, call: TaskCall): TaskResult {
  const go = task.condition(call.ctx) === true;
  if (go) return { outcome: { state: 'success' }, output: true };
  return {
    outcome: task.ignoreDownstreamTriggerRules ? { state: 'success', skipAllDownstream: true } : { state: 'success', skipChildren: 'all' },
    output: false,
  };
}

async function runApproval(env: TaskEnv, task: ApprovalTaskSpec, call: TaskCall): Promise<TaskResult> {
  const timeoutMs = durationMs(task.timeoutFrom ? task.timeoutFrom(call.ctx) : task.timeout);
  // Shown by the getDagState Query only; issues no command, so histories replay as before.
  const deadline = Date.now() + timeoutMs;
  env.records.awaiting.set(call.index, {
    ...promptOf(task, call),
    deadline,
    deadlineAt: new Date(deadline).toISOString(),
    ...subjectOf(task, call),
    ...approversOf(task, call),
    defaultDecision: task.defaultDecision,
  });
  const waitStarted = Date.now();
  let decided: ApprovalOutcome | undefined;
  try {
    decided = await env.waitForDecision(call.index, timeoutMs);
  } finally {
    env.records.awaiting.delete(call.index);
  }
  const outcome: ApprovalOutcome = decided ?? { decision: task.defaultDecision, by: 'timeout', timedOut: true };
  env.records.decisions.set(call.index, outcome);
  env.metrics.approvalDecided(task.id, Date.now() - waitStarted, outcome.decision, outcome.timedOut);
  if (outcome.decision === 'approve') return { outcome: { state: 'success' }, output: outcome };
  if (task.onReject === 'skip') return { outcome: { state: 'success', skipChildren: 'all' }, output: outcome };
  throw ApplicationFailure.nonRetryable(
    `approval "${task.id}" was rejected by ${outcome.by}${outcome.reason ? `: ${outcome.reason}` : ''}`,
    DAG_ERROR_CODES.approvalRejected,
  );
}

/** The version decided on; like the prompt, one that throws or returns junk is logged and left out. */
function subjectOf(task: ApprovalTaskSpec, call: TaskCall): { awaitedVersion?: { model: string; version: number } } {
  if (!task.subject) return {};
  try {
    const awaitedVersion = modelVersionOf(task.subject(call.ctx));
    if (awaitedVersion) return { awaitedVersion };
    log.warn('approval subject is not { model, version }', { taskId: task.id });
  } catch (err) {
    log.warn('approval subject failed', { taskId: task.id, error: err instanceof Error ? err.message : String(err) });
  }
  return {};
}

/**
 * Who may decide. One that throws or returns no list of names is a DAG defect: logged, and the
 * approval stays open to anyone rather than to nobody (its timeout still applies).
 */
function approversOf(task: ApprovalTaskSpec, call: TaskCall): { approvers?: readonly string[] } {
  if (!task.approvers) return {};
  try {
    const names: unknown = task.approvers(call.ctx);
    if (Array.isArray(names) && names.every((n) => typeof n === 'string')) return names.length > 0 ? { approvers: [...(names as string[])] } : {};
    log.warn('approval approvers is not a list of names', { taskId: task.id });
  } catch (err) {
    log.warn('approval approvers failed', { taskId: task.id, error: err instanceof Error ? err.message : String(err) });
  }
  return {};
}

/** The task's prompt; one that throws is a DAG defect, logged, and must not decide the approval. */
function promptOf(task: ApprovalTaskSpec, call: TaskCall): { prompt?: string } {
  if (!task.prompt) return {};
  try {
    return { prompt: String(task.prompt(call.ctx)) };
  } catch (err) {
    log.warn('approval prompt failed', { taskId: task.id, error: err instanceof Error ? err.message : String(err) });
    return {};
  }
}
