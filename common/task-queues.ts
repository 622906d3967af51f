/**
 * Task queue names, defined once: workers poll them, workflows route activities to them,
 * clients start workflows on them. Scaling out means adding worker processes on a queue.
 */
export const TASK_QUEUES = {
  /** Workflows and CPU activities: extraction, validation, evaluation, registry. */
  cpu: 'factory-cpu',
  /** Training activities; GPU nodes poll this queue. */
  gpu: 'factory-gpu',
} as const;

export type TaskQueueKind = keyof typeof TASK_QUEUES;
export type TaskQueueName = (typeof TASK_QUEUES)[TaskQueueKind];
