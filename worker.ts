// `model-factory/worker`: running workers. Needs the worker-side peer dependencies (see
// package.json#peerDependencies and README "Deploy"): @temporalio/worker, pg, the AWS SDK, tfjs.
export { runWorkerProcess } from './workers/run-worker-process';
export { startWorkers, type StartedWorkers } from './workers/start-workers';
export { createWorkers, PREBUILT_WORKFLOW_BUNDLE, type CreateWorkersOptions } from './workers/create-workers';
export { createCpuActivities, createGpuActivities, type ActivityDeps } from './activities';
export { loadConfig, type Config } from './lib/config';
export { startStack, type Stack } from './lib/stack';
export { readBuildInfo, type BuildInfo } from './lib/build-info';
export { TASK_QUEUES, type TaskQueueKind } from './common/task-queues';
