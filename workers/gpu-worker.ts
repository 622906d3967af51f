// Entry point of a gpu worker process (training activities only): `tsx workers/gpu-worker.ts`.
import { runMain } from '../cli/main-wrapper';
import { runWorkerProcess } from './run-worker-process';

runMain(() => runWorkerProcess(['gpu']));
