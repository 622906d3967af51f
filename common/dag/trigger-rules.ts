import type { TriggerRule } from './types';

/** What a task's upstream tasks have ended as, from this task's point of view. */
export interface UpstreamCounts {
  readonly total: number;
  readonly success: number;
  readonly failed: number;
  readonly upstreamFailed: number;
  readonly skipped: number;
}

/**
 * `wait`: not decidable yet; `run`: start the task; otherwise the terminal state the task takes
 * without running.
 */
export type RuleVerdict = 'wait' | 'run' | 'skipped' | 'upstream_failed';

/**
 * Airflow's trigger-rule table (airflow/ti_deps/deps/trigger_rule_dep.py), including its early
 * decisions: `all_success` gives up as soon as one upstream failed, `one_success` runs as soon as
 * one upstream succeeded. Pure, so the whole matrix is unit-tested without Temporal.
 */
export function evaluateTriggerRule(rule: TriggerRule, c: UpstreamCounts): RuleVerdict {
  const failures = c.failed + c.upstreamFailed;
  const done = c.success + failures + c.skipped;
  const allDone = done >= c.total;
  if (c.total === 0 || rule === 'always') return 'run';
  switch (rule) {
    case 'all_success':
      if (failures > 0) return 'upstream_failed';
      if (c.skipped > 0) return 'skipped';
      return allDone ? 'run' : 'wait';
    case 'all_failed':
      if (c.success > 0 || c.skipped > 0) return 'skipped';
      return allDone ? 'run' : 'wait';
    case 'all_done':
      return allDone ? 'run' : 'wait';
    case 'all_skipped':
      if (c.success > 0 || failures > 0) return 'skipped';
      return allDone ? 'run' : 'wait';
    case 'one_success':
      if (c.success > 0) return 'run';
      if (!allDone) return 'wait';
      return c.skipped === c.total ? 'skipped' : 'upstream_failed';
    case 'one_failed':
      if (failures > 0) return 'run';
      return allDone ? 'skipped' : 'wait';
    case 'one_done':
      // Airflow counts only success and failed here: an upstream_failed upstream never ran.
      if (c.success > 0 || c.failed > 0) return 'run';
      return allDone ? 'skipped' : 'wait';
    case 'none_failed':
      if (failures > 0) return 'upstream_failed';
      return allDone ? 'run' : 'wait';
    case 'none_failed_min_one_success':
      if (failures > 0) return 'upstream_failed';
      if (!allDone) return 'wait';
      return c.success > 0 ? 'run' : 'skipped';
    case 'none_skipped':
      if (c.skipped > 0) return 'skipped';
      return allDone ? 'run' : 'wait';
  }
}
