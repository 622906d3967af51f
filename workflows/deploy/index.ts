import type { DagRunResult } from '../../common/dag';
import { dagWorkflow, type DagRunInput } from '../dag';
import { deployModelDag } from './deploy-model-dag';
import { registerRolloutControl } from './rollout-control';

const runDeployDag = dagWorkflow(deployModelDag);

/**
 * deploy_model's workflow: the DAG, plus the rollout's own Query and Updates (pause, resume,
 * promote now, abort), which the engine's generic handlers do not offer.
 */
export async function deploy_model(input?: DagRunInput): Promise<DagRunResult> {
  registerRolloutControl();
  return runDeployDag(input);
}

export { deployModelDag } from './deploy-model-dag';
export { ROLLOUT_POKE_INTERVAL, ROLLOUT_TIMEOUT } from './rollout-timing';
export { DEPLOY_FAILURE_TYPES, type DeployFailureType } from './deploy-failure-types';
export { DeployModelParamsSchema, RolloutAnalysisSchema, type DeployModelParams, type RolloutAnalysisParams } from './deploy-model-params';
export { deployWorkflowId } from './deploy-workflow-id';
export {
  abortRolloutUpdate,
  getRolloutControlQuery,
  pauseRolloutUpdate,
  promoteNowUpdate,
  resumeRolloutUpdate,
  type OperatorCommand,
  type OperatorRequest,
  type RolloutControl,
} from './rollout-control';
