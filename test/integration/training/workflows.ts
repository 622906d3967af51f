// Test-only workflows: each runs one activity with the options a test needs (a short heartbeat
// timeout for the crash test), routed to the queues the test's workers poll.
import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { EvaluationActivities } from '../../../activities/evaluation';
import type { TrainingActivities } from '../../../activities/training';
import type { EvaluateModelInput, EvaluateModelOutput } from '../../../activities/evaluation';
import type { TrainModelInput, TrainModelOutput } from '../../../activities/training';

export interface TrainOnceInput {
  readonly taskQueue: string;
  readonly train: TrainModelInput;
  /** @default 5 */
  readonly maximumAttempts?: number;
}

export async function trainOnce({ taskQueue, train, maximumAttempts }: TrainOnceInput): Promise<TrainModelOutput> {
  const { trainModel } = proxyActivities<TrainingActivities>({
    taskQueue,
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '5 seconds',
    // Waiting for the activity to acknowledge proves it stopped, not only that the workflow gave up.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { initialInterval: '200 milliseconds', backoffCoefficient: 1, maximumAttempts: maximumAttempts ?? 5 },
  });
  return trainModel(train);
}

export async function evaluateOnce({ taskQueue, evaluate }: { taskQueue: string; evaluate: EvaluateModelInput }): Promise<EvaluateModelOutput> {
  const { evaluateModel } = proxyActivities<EvaluationActivities>({
    taskQueue,
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '30 seconds',
    retry: { maximumAttempts: 2 },
  });
  return evaluateModel(evaluate);
}
