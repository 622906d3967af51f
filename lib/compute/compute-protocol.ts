// Messages between ComputePool (main thread) and compute-worker (its threads). Types only,
// structured-clone friendly: plain objects, arrays, typed arrays.

export type ToThread =
  | { readonly type: 'run'; readonly task: string; readonly input: unknown }
  | { readonly type: 'open'; readonly task: string; readonly input: unknown }
  | { readonly type: 'chunk'; readonly data: Uint8Array }
  | { readonly type: 'end' };

export type FromThread =
  | { readonly type: 'progress'; readonly value: unknown }
  | { readonly type: 'ack'; readonly value: unknown }
  | { readonly type: 'result'; readonly value: unknown }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly stack?: string };
