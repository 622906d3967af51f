// The production workflows with weekly_retraining changed as a team would change it while runs
// are in flight: version 2 adds a task, and version 1 stays served for the runs that started on it.
import { dagWorkflow } from '../../../workflows/dag';
import { weeklyRetrainingBuilder, weeklyRetrainingDag } from '../../../workflows/retraining';

export { dag_smoke_test, drift_monitor } from '../../../workflows';

export const ADDED_TASK = 'recheck_champion';

const weeklyRetrainingV2 = weeklyRetrainingBuilder
  .revise(2)
  .activity(ADDED_TASK, { deps: ['register_model'], activity: 'getChampion', input: ({ params }) => ({ model: params.modelName }) })
  .build();

export const weekly_retraining = dagWorkflow(weeklyRetrainingV2, weeklyRetrainingDag);
