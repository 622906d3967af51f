import type { DagRunResult, TaskSummary } from '../../common/dag';

/** The identity of a closed weekly_retraining run, for unit tests of what is read from a result. */
export const WEEKLY_RUN_IDENTITY = {
  dagId: 'weekly_retraining',
  workflowId: 'weekly_retraining/spam/2002-W39',
  runId: 'r1',
  logicalDate: '2002-09-30T03:00:00.000Z',
  logicalDateSource: 'input',
  runKind: 'manual',
  dagVersion: 1,
} as const;

/** A weekly_retraining result with these tasks. */
export function weeklyRunResult(tasks: Record<string, TaskSummary>, state: DagRunResult['state'] = 'success'): DagRunResult {
  return { ...WEEKLY_RUN_IDENTITY, state, segments: 1, counts: {}, tasks };
}
