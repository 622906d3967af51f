import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SkeletonCpuActivities, SkeletonGpuActivities } from '../../activities/skeleton/skeleton-activities';
import { TASK_QUEUES } from '../../common/task-queues';

const cpu = proxyActivities<SkeletonCpuActivities>({
  taskQueue: TASK_QUEUES.cpu,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumAttempts: 5 },
});
const gpu = proxyActivities<SkeletonGpuActivities>({
  taskQueue: TASK_QUEUES.gpu,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumAttempts: 5 },
});

export interface WalkingSkeletonResult {
  serverVersion: string;
  artifactUri: string;
  sha256: string;
  verifiedOnQueue: string;
}

/**
 * Touches every real part once: PostgreSQL (cpu), the artifact store (write on cpu, verified
 * read on gpu), both task queues. A test of the stack, not a product workflow: only
 * test/integration/walking-skeleton.test.ts bundles and registers it.
 */
export async function walkingSkeleton(): Promise<WalkingSkeletonResult> {
  const probe = await cpu.probeDatabase();
  const ref = await cpu.writeSkeletonArtifact({ probe });
  const verified = await gpu.verifySkeletonArtifact(ref);
  log.info('walking skeleton done', { workflowId: workflowInfo().workflowId, artifactUri: ref.uri });
  return { serverVersion: probe.serverVersion, artifactUri: ref.uri, sha256: verified.verifiedSha256, verifiedOnQueue: verified.taskQueue };
}
