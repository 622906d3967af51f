import { dagWorkflow } from './dag-workflow';
import { dagSmokeTest } from './smoke-dag';

export const dag_smoke_test = dagWorkflow(dagSmokeTest);
