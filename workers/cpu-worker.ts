// Entry point of a cpu worker process (workflows + CPU activities): `tsx workers/cpu-worker.ts`.
import { runMain } from '../lib/process/run-main';
import { runWorkerProcess } from './run-worker-process';

runMain(() => runWorkerProcess(['cpu']));
