import { z } from 'zod';
import { defineDag, type TaskState } from '../../../common/dag';
import type { DagTestingActivities } from '../../../activities/dag-testing';

export const dag = defineDag<DagTestingActivities>();
export const noParams = z.object({}).strict();

/** Record of every task id's state, for compact assertions. */
export function statesById(ids: readonly string[], states: readonly TaskState[]): Record<string, TaskState> {
  return Object.fromEntries(ids.map((id, i) => [id, states[i]!]));
}
