import { createAdvanceRollout } from './advance-rollout';
import type { DeployActivityDeps } from './deploy-deps';
import { createRolloutTraffic } from './rollout-traffic';

export type { DeployActivityDeps } from './deploy-deps';
export type { AdvanceRolloutInput, FinishRolloutInput, PrepareRolloutInput, PromoteRolloutInput, SetRolloutTrafficInput } from './deploy-inputs';
export type { RolloutOutcome, RolloutPoke } from './advance-rollout';
export type { FinishedRollout, PreparedRollout, RolloutTraffic } from './rollout-traffic';
export { startDeployment, type StartDeploymentInput, type StartedDeployment } from './start-deployment';

/** Activities of the deploy_model DAG (cpu task queue). */
export function createDeployActivities(deps: DeployActivityDeps) {
  return {
    ...createRolloutTraffic(deps),
    advanceRollout: createAdvanceRollout(deps),
  };
}

export type DeployActivities = ReturnType<typeof createDeployActivities>;
