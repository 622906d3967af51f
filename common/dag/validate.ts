import { DagValidationError } from './errors';
import { parseDuration } from './duration';
import { PAUSABLE_KINDS, TRIGGER_RULES, type DagSpec, type DurationInput, type TaskOptions, type TaskSpec } from './types';

/** DAG and task ids: what the CLI and the console accept as a task id too. */
export const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export interface ValidateDagOptions {
  /** Activity names a worker registers; every task's activity must be one of them. */
  readonly registeredActivities?: readonly string[];
}

/**
 * Every structural problem of a DAG, as messages that name the task and the bad value. Pure:
 * called by `build()` when a DAG module is imported, by import tests, and again at workflow start.
 */
export function findDagProblems(spec: DagSpec, options: ValidateDagOptions = {}): string[] {
  const problems: string[] = [];
  if (!ID_PATTERN.test(spec.id)) problems.push(`DAG id ${JSON.stringify(spec.id)} must match ${ID_PATTERN}`);
  if (spec.tasks.length === 0) problems.push('the DAG has no tasks');
  if (spec.maxActiveTasks !== undefined && !(Number.isInteger(spec.maxActiveTasks) && spec.maxActiveTasks > 0)) {
    problems.push(`maxActiveTasks must be a positive integer (got ${spec.maxActiveTasks})`);
  }
  checkDuration(problems, 'DAG', 'dataInterval', spec.dataInterval);
  checkOptions(problems, 'defaults', spec.defaults);

  const ids = new Set<string>();
  for (const task of spec.tasks) {
    if (ids.has(task.id)) problems.push(`task id "${task.id}" is used twice; task ids must be unique`);
    ids.add(task.id);
    if (!ID_PATTERN.test(task.id)) problems.push(`task id ${JSON.stringify(task.id)} must match ${ID_PATTERN}`);
  }
  const known = new Set(options.registeredActivities ?? spec.activities ?? []);
  const checkActivities = options.registeredActivities !== undefined || spec.activities !== undefined;
  for (const task of spec.tasks) {
    const where = `task "${task.id}"`;
    for (const dep of task.deps) {
      if (!ids.has(dep)) problems.push(`${where} depends on "${dep}", which is not a task of this DAG`);
      if (dep === task.id) problems.push(`${where} depends on itself`);
    }
    if (!TRIGGER_RULES.includes(task.triggerRule)) {
      problems.push(`${where}: unknown trigger rule ${JSON.stringify(task.triggerRule)}; use one of ${TRIGGER_RULES.join(', ')}`);
    }
    checkOptions(problems, where, task);
    checkRetryDeadline(problems, where, task, spec.defaults);
    checkKind(problems, where, task);
    checkFailurePolicy(problems, where, task);
    const activity = 'activity' in task ? task.activity : undefined;
    if (activity !== undefined && checkActivities && !known.has(activity)) {
      problems.push(`${where} calls activity "${activity}", which is not registered (known: ${[...known].sort().join(', ')})`);
    }
  }
  const cycle = findCycle(spec.tasks);
  if (cycle) problems.push(`dependency cycle: ${cycle.join(' -> ')}`);
  return problems;
}

/** Throws DagValidationError listing every problem. */
export function validateDag(spec: DagSpec, options?: ValidateDagOptions): void {
  const problems = findDagProblems(spec, options);
  if (problems.length > 0) throw new DagValidationError(spec.id, problems);
}

function checkKind(problems: string[], where: string, task: TaskSpec): void {
  switch (task.kind) {
    case 'sensor':
      checkDuration(problems, where, 'pokeInterval', task.pokeInterval);
      checkDuration(problems, where, 'timeout', task.timeout);
      break;
    case 'approval':
      checkDuration(problems, where, 'timeout', task.timeout);
      break;
    case 'join':
      if (task.deps.length === 0) problems.push(`${where}: a join needs at least one dep (got none); it is where upstream paths meet`);
      break;
    case 'map':
      if (!(Number.isInteger(task.maxConcurrency) && task.maxConcurrency > 0)) {
        problems.push(`${where}: maxConcurrency must be a positive integer (got ${task.maxConcurrency})`);
      }
      break;
    default:
      break;
  }
}

function checkFailurePolicy(problems: string[], where: string, task: TaskSpec): void {
  if (task.onFailure !== undefined && task.onFailure !== 'pause' && task.onFailure !== 'fail') {
    problems.push(`${where}: onFailure must be "pause" or "fail" (got ${JSON.stringify(task.onFailure)})`);
  }
  if (task.onFailure === 'pause' && (task.teardown || !PAUSABLE_KINDS.has(task.kind))) {
    const kind = task.teardown ? 'a teardown task' : `a ${task.kind} task`;
    problems.push(`${where}: onFailure "pause" applies to activity, map, sensor and child workflow tasks, not ${kind}`);
  }
  if (task.pauseTimeout !== undefined && typeof task.pauseTimeout !== 'function') checkDuration(problems, where, 'pauseTimeout', task.pauseTimeout);
  if (task.pauseTimeout !== undefined && task.onFailure !== 'pause') {
    problems.push(`${where}: pauseTimeout needs onFailure "pause" (got onFailure ${JSON.stringify(task.onFailure ?? 'unset')})`);
  }
}

function checkOptions(problems: string[], where: string, o: TaskOptions): void {
  for (const key of ['startToCloseTimeout', 'scheduleToCloseTimeout', 'heartbeatTimeout'] as const) {
    const value = o[key];
    if (value !== undefined) checkDuration(problems, where, key, value);
  }
  if (o.backoff?.initial !== undefined) checkDuration(problems, where, 'backoff.initial', o.backoff.initial);
  if (o.backoff?.maximum !== undefined) checkDuration(problems, where, 'backoff.maximum', o.backoff.maximum);
  if (o.backoff?.coefficient !== undefined && !(o.backoff.coefficient >= 1)) {
    problems.push(`${where}: backoff.coefficient must be at least 1 (got ${o.backoff.coefficient})`);
  }
  if (typeof o.retries === 'string' && o.retries !== 'unlimited') {
    problems.push(`${where}: retries must be a whole number ≥ 0 or "unlimited" (got ${JSON.stringify(o.retries)})`);
  } else if (typeof o.retries === 'number' && !(Number.isInteger(o.retries) && o.retries >= 0)) {
    problems.push(`${where}: retries must be a whole number ≥ 0 (got ${o.retries})`);
  }
}

const ACTIVITY_KINDS: ReadonlySet<TaskSpec['kind']> = new Set(['activity', 'sensor', 'map']);

/**
 * Unlimited retries are bounded only by scheduleToCloseTimeout, so a task that calls an activity
 * needs one, its own or the DAG's; otherwise a bug would retry forever.
 */
function checkRetryDeadline(problems: string[], where: string, task: TaskSpec, defaults: TaskOptions): void {
  if (!ACTIVITY_KINDS.has(task.kind) || (task.retries ?? defaults.retries) !== 'unlimited') return;
  if ((task.scheduleToCloseTimeout ?? defaults.scheduleToCloseTimeout) === undefined) {
    const from = task.retries === undefined ? ' (from the DAG defaults)' : '';
    problems.push(
      `${where}: retries "unlimited"${from} needs a scheduleToCloseTimeout, on the task or in the DAG defaults, ` +
        'to bound the retries (for example scheduleToCloseTimeout: "6h")',
    );
  }
}

function checkDuration(problems: string[], where: string, key: string, value: DurationInput): void {
  if (parseDuration(value) === undefined) {
    problems.push(`${where}: ${key} ${JSON.stringify(value)} is not a duration; use milliseconds (> 0) or a string like "30s", "5m", "2h"`);
  }
}

/** Depth-first search with colours; returns the first cycle found as a closed path of ids. */
export function findCycle(tasks: readonly Pick<TaskSpec, 'id' | 'deps'>[]): string[] | undefined {
  const deps = new Map(tasks.map((t) => [t.id, t.deps] as const));
  const colour = new Map<string, 'grey' | 'black'>();
  const path: string[] = [];
  for (const start of deps.keys()) {
    if (colour.has(start)) continue;
    // Iterative DFS over "depends on" edges; a grey node reached again closes a cycle.
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    colour.set(start, 'grey');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = deps.get(top.id) ?? [];
      if (top.next >= edges.length) {
        colour.set(top.id, 'black');
        stack.pop();
        path.pop();
        continue;
      }
      const dep = edges[top.next++]!;
      if (!deps.has(dep)) continue;
      const c = colour.get(dep);
      if (c === 'grey') {
        // Print in execution order: upstream first.
        return [...path.slice(path.indexOf(dep)), dep].reverse();
      }
      if (c === undefined) {
        colour.set(dep, 'grey');
        path.push(dep);
        stack.push({ id: dep, next: 0 });
      }
    }
  }
  return undefined;
}
