// Test workflows for the registry activities; bundled by the worker in registry-activities.test.ts.
import { proxyActivities } from '@temporalio/workflow';
import type { RegisterModelInput, RegisterModelResult, PromoteModelInput, RegistryActivities } from '../../../activities/registry';

const { registerModel, promoteModel } = proxyActivities<RegistryActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '50ms', backoffCoefficient: 1, maximumAttempts: 5 },
});

/** The register step run twice, as a replayed or re-driven DAG task would: both must find one version. */
export async function registerTwice(input: RegisterModelInput): Promise<{ first: RegisterModelResult; second: RegisterModelResult }> {
  const first = await registerModel(input);
  const second = await registerModel(input);
  return { first, second };
}

export async function promoteOnce(input: PromoteModelInput): Promise<void> {
  await promoteModel(input);
}
