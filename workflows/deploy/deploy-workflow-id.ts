/** Business key of a rollout: one deploy_model run per model version, whoever starts it. */
export function deployWorkflowId(model: string, version: number): string {
  return `deploy_model/${model}/v${version}`;
}
