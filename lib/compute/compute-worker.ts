// Entry of a compute thread (see ComputePool): runs one task at a time, posting progress while
// it works. Errors go back as messages; the thread stays up for the next task.
import { parentPort } from 'node:worker_threads';
import type { FromThread, ToThread } from './compute-protocol';
import { RUN_HANDLERS, STREAM_HANDLERS, type StreamHandler } from './compute-handlers';

const port = parentPort;
if (!port) throw new Error('compute-worker.ts is the entry of a ComputePool thread; it cannot run on the main thread');

const post = (message: FromThread) => port.postMessage(message);
const fail = (error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
};

let stream: { handler: StreamHandler; state: unknown; failed: boolean } | undefined;

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'run': {
      const handler = RUN_HANDLERS[message.task as keyof typeof RUN_HANDLERS];
      if (!handler) return fail(new Error(`unknown compute task ${JSON.stringify(message.task)}`));
      Promise.resolve()
        .then(() => handler(message.input as never, (value: unknown) => post({ type: 'progress', value })))
        .then((value) => post({ type: 'result', value }), fail);
      return;
    }
    case 'open': {
      const handler = STREAM_HANDLERS[message.task as keyof typeof STREAM_HANDLERS] as StreamHandler | undefined;
      if (!handler) return fail(new Error(`unknown compute stream ${JSON.stringify(message.task)}`));
      try {
        stream = { handler, state: handler.start(message.input), failed: false };
      } catch (error) {
        fail(error);
      }
      return;
    }
    case 'chunk':
    case 'end': {
      // After a failure the pool has already rejected the task; drop what was still in flight.
      const open = stream;
      if (!open || open.failed) return;
      try {
        if (message.type === 'chunk') post({ type: 'ack', value: open.handler.chunk(open.state, message.data) });
        else {
          stream = undefined;
          post({ type: 'result', value: open.handler.end(open.state) });
        }
      } catch (error) {
        open.failed = true;
        fail(error);
      }
    }
  }
});
