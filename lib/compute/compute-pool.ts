import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromThread, ToThread } from './compute-protocol';
import type { ComputeStreams, ComputeTasks } from './compute-tasks';
import { ComputePoolClosedError, ComputeTaskError, ComputeThreadExitedError } from './errors';

export interface ComputePoolOptions {
  /** Threads at most; they start on first use and idle ones do not keep the process alive. @default max(1, os.availableParallelism() - 1) */
  readonly size?: number;
  /** Chunks a stream may have sent and not yet had acknowledged: bounds the thread's queue. @default 4 */
  readonly streamWindow?: number;
}

export interface RunOptions<P> {
  /** Aborting rejects with the signal's reason and terminates the thread (CPU-bound code cannot be interrupted otherwise). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: P) => void;
}

export interface StreamOptions<A> {
  readonly signal?: AbortSignal;
  /** Called in order for each chunk's acknowledgement; `end()` waits for the last one. */
  readonly onAck?: (ack: A) => void | Promise<void>;
}

/** A streamed task: `write` waits while `streamWindow` chunks are in flight, `end` gives the result. */
export interface ComputeStream<O> {
  write(data: Uint8Array): Promise<void>;
  end(): Promise<O>;
}

interface Job {
  readonly task: string;
  readonly start: ToThread;
  readonly signal: AbortSignal | undefined;
  /** Messages written before the job had a thread. */
  readonly pending: ToThread[];
  readonly onMessage: (message: FromThread) => void;
  readonly settle: (error: unknown, value?: unknown) => void;
  slot?: Slot;
  done: boolean;
}

interface Slot {
  readonly worker: Worker;
  job?: Job;
  error?: unknown;
}

/**
 * A bounded pool of worker threads for CPU-bound phases (scoring, fitting, dataset scans), so
 * they never block the event loop that also answers Temporal workflow tasks, Queries, Updates
 * and heartbeats. One task per thread at a time; extra tasks wait in order. Call `close()` when
 * the process's workers shut down.
 */
export class ComputePool {
  readonly size: number;
  private readonly streamWindow: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(options: ComputePoolOptions = {}) {
    const size = options.size ?? Math.max(1, availableParallelism() - 1);
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`compute pool size must be a positive integer (got ${size})`);
    const window = options.streamWindow ?? 4;
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`compute pool streamWindow must be a positive integer (got ${window})`);
    this.size = size;
    this.streamWindow = window;
  }

  /** Names of the tasks running on a thread now (for health checks and tests). */
  get runningTasks(): string[] {
    return this.slots.flatMap((slot) => (slot.job ? [slot.job.task] : []));
  }

  /** Runs `task` on a thread; rejects with ComputeTaskError when its code throws there. */
  run<K extends keyof ComputeTasks>(
    task: K,
    input: ComputeTasks[K]['input'],
    options: RunOptions<ComputeTasks[K]['progress']> = {},
  ): Promise<ComputeTasks[K]['output']> {
    return new Promise((resolve, reject) => {
      this.enqueue(
        task,
        { type: 'run', task, input },
        options.signal,
        (message) => {
          if (message.type === 'progress') options.onProgress?.(message.value as ComputeTasks[K]['progress']);
        },
        (error, value) => (error === undefined ? resolve(value as ComputeTasks[K]['output']) : reject(error)),
      );
    });
  }

  /** Starts a streamed task; the caller writes chunks and then ends it. */
  open<K extends keyof ComputeStreams>(
    task: K,
    input: ComputeStreams[K]['input'],
    options: StreamOptions<ComputeStreams[K]['ack']> = {},
  ): ComputeStream<ComputeStreams[K]['output']> {
    let inFlight = 0;
    let wakeWriter: (() => void) | undefined;
    let acks: Promise<void> = Promise.resolve();
    let settled: { error: unknown; value?: unknown } | undefined;
    let onSettled: (() => void) | undefined;
    const job = this.enqueue(
      task,
      { type: 'open', task, input },
      options.signal,
      (message) => {
        if (message.type !== 'ack') return;
        inFlight--;
        const ack = message.value as ComputeStreams[K]['ack'];
        acks = acks.then(() => options.onAck?.(ack));
        wakeWriter?.();
      },
      (error, value) => {
        settled = { error, value };
        wakeWriter?.();
        onSettled?.();
      },
    );
    const failIfSettled = () => {
      if (settled?.error !== undefined) throw settled.error;
      if (settled) throw new Error(`compute stream ${task} already ended`);
    };
    return {
      write: async (data) => {
        failIfSettled();
        // Copy the view's bytes: a Buffer may share a larger pooled ArrayBuffer, all of which would be cloned.
        const copy = new Uint8Array(data);
        inFlight++;
        this.send(job, { type: 'chunk', data: copy }, [copy.buffer]);
        while (inFlight >= this.streamWindow && !settled) await new Promise<void>((wake) => (wakeWriter = wake));
        wakeWriter = undefined;
        failIfSettled();
      },
      end: async () => {
        failIfSettled();
        this.send(job, { type: 'end' });
        if (!settled) await new Promise<void>((done) => (onSettled = done));
        const outcome = settled as unknown as { error: unknown; value?: unknown };
        if (outcome.error !== undefined) throw outcome.error;
        await acks;
        return outcome.value as ComputeStreams[K]['output'];
      },
    };
  }

  /** Rejects queued and running tasks with ComputePoolClosedError and terminates every thread. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.finish(job, new ComputePoolClosedError(job.task));
    const slots = this.slots.splice(0);
    for (const slot of slots) if (slot.job) this.finish(slot.job, new ComputePoolClosedError(slot.job.task));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private enqueue(task: string, start: ToThread, signal: AbortSignal | undefined, onMessage: Job['onMessage'], settle: Job['settle']): Job {
    const job: Job = { task, start, signal, pending: [], onMessage, settle, done: false };
    if (this.closed) {
      this.finish(job, new ComputePoolClosedError(task));
      return job;
    }
    if (signal?.aborted) {
      this.finish(job, signal.reason);
      return job;
    }
    signal?.addEventListener('abort', () => this.abort(job), { once: true });
    this.queue.push(job);
    this.dispatch();
    return job;
  }

  private send(job: Job, message: ToThread, transfer: ArrayBuffer[] = []): void {
    if (job.done) return;
    if (job.slot) job.slot.worker.postMessage(message, transfer);
    else job.pending.push(message);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => !s.job) ?? (this.slots.length < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const job = this.queue.shift() as Job;
      slot.job = job;
      job.slot = slot;
      slot.worker.ref();
      slot.worker.postMessage(job.start);
      for (const message of job.pending.splice(0)) slot.worker.postMessage(message);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startThread() };
    slot.worker.unref();
    slot.worker.on('message', (message: FromThread) => this.onThreadMessage(slot, message));
    slot.worker.on('error', (error) => (slot.error = error));
    slot.worker.on('exit', (code) => {
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      if (slot.job) this.finish(slot.job, new ComputeThreadExitedError(slot.job.task, slot.error === undefined ? code : undefined, { cause: slot.error }));
      this.dispatch();
    });
    this.slots.push(slot);
    return slot;
  }

  private onThreadMessage(slot: Slot, message: FromThread): void {
    const job = slot.job;
    if (!job) return;
    if (message.type === 'result') this.release(slot, job, undefined, message.value);
    else if (message.type === 'error') this.release(slot, job, new ComputeTaskError(job.task, message.name, message.message, message.stack));
    else job.onMessage(message);
  }

  private release(slot: Slot, job: Job, error: unknown, value?: unknown): void {
    slot.job = undefined;
    slot.worker.unref();
    this.finish(job, error, value);
    this.dispatch();
  }

  private abort(job: Job): void {
    if (job.done) return;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = job.slot;
    if (slot) {
      // The thread may be deep in a synchronous loop: only terminating it stops the work now.
      slot.job = undefined;
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      void slot.worker.terminate();
    }
    this.finish(job, job.signal?.reason ?? new Error(`compute task ${job.task} aborted`));
    this.dispatch();
  }

  private finish(job: Job, error: unknown, value?: unknown): void {
    if (job.done) return;
    job.done = true;
    job.settle(error, value);
  }
}

/**
 * Starts a compute thread. Under tsx (the file is .ts) the thread registers tsx's require hook
 * first: worker threads inherit `process.execArgv`, but Node 20 does not apply the ESM loader
 * that `--import tsx` registers to a thread's entry file. Compiled JS needs neither.
 */
function startThread(): Worker {
  const extension = extname(__filename);
  const entry = join(__dirname, `compute-worker${extension}`);
  if (extension !== '.ts') return new Worker(entry);
  const tsx = require.resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true });
}
