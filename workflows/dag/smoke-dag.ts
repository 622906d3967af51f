import { z } from 'zod';
import { defineDag } from '../../common/dag';
import type { SmokeActivities } from '../../activities/dag-testing/smoke-activities';

/**
 * A tiny DAG over the smoke activities (activities/dag-testing/smoke-activities.ts), to check a
 * deployment end to end from the Web UI or CLI: `temporal workflow start --type dag_smoke_test --task-queue factory-cpu --input '{}'`.
 */
export const dagSmokeTest = defineDag<SmokeActivities>()({
  id: 'dag_smoke_test',
  summary: 'Checks that the DAG engine and the cpu workers run: list, fan out, reduce.',
  params: z.object({ count: z.number().int().min(1).max(100).default(3).describe('Items to fan out over') }),
  defaults: { retries: 1, startToCloseTimeout: '1m', queue: 'cpu' },
})
  .activity('list_items', { activity: 'listItems', input: ({ params }) => ({ count: params.count }) })
  .map('echo_items', { deps: ['list_items'], activity: 'echo', over: ({ upstream }) => upstream.list_items, input: (value) => ({ value }), maxConcurrency: 4 })
  .activity('sum_items', { deps: ['echo_items'], activity: 'sum', input: ({ upstream }) => ({ values: upstream.echo_items }) })
  .build();
