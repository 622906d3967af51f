// Entry point of a gpu worker process (training activities only): `tsx workers/gpu-worker.ts`.
import { runMain } from '../lib/process/run-main';
import { runWorkerProcess } from './run-worker-process';

runMain(() => runWorkerProcess(['gpu']));
