// Entry point of a gpu worker process (training activities only): `node dist/workers/gpu-worker.js`
// (`tsx workers/gpu-worker.ts` from the sources). The tfjs backend is chosen before anything
// connects, so a worker that cannot train as TFJS_BACKEND says (tensorflow-gpu without a GPU)
// exits with one line and no side effect.
import { runMain } from '../lib/process/run-main';
import { checkGpuWorkerBackend, parseBackendRequirement } from '../lib/training';
import { runWorkerProcess } from './run-worker-process';

runMain(() =>
  runWorkerProcess(['gpu'], {
    beforeConnect: async (config, logger) => {
      await checkGpuWorkerBackend(parseBackendRequirement(config.TFJS_BACKEND), logger);
    },
  }),
);
