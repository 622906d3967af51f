// Entry point of a cpu worker process (workflows + CPU activities): `tsx workers/cpu-worker.ts`.
import { runMain } from '../cli/main-wrapper';
import { runWorkerProcess } from './run-worker-process';

runMain(() => runWorkerProcess(['cpu']));
