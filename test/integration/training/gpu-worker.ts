// A gpu-queue worker in its own process, so the crash test can SIGKILL it mid-training.
// Settings come from the environment: TEMPORAL_ADDRESS, TASK_QUEUE, ARTIFACT_DIR, TFJS_BACKEND.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createTrainingActivities } from '../../../activities/training';
import { LocalArtifactStore } from '../../../lib/artifacts';
import { createLogger } from '../../../lib/logger';
import { ensureBackend, parseBackendSetting } from '../../../lib/training';

async function main(): Promise<void> {
  const logger = createLogger({ level: 'info', pretty: false });
  const required = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} must be set`);
    return value;
  };
  const backend = parseBackendSetting(process.env.TFJS_BACKEND);
  await ensureBackend(backend, logger);
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  try {
    const worker = await Worker.create({
      connection,
      taskQueue: required('TASK_QUEUE'),
      activities: createTrainingActivities({ store: new LocalArtifactStore(required('ARTIFACT_DIR')), logger }, { backend, heartbeatIntervalMs: 200 }),
      maxConcurrentActivityTaskExecutions: 1,
    });
    logger.info({ taskQueue: worker.options.taskQueue }, 'worker ready');
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
