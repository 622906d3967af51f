import { WorkflowFailedError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { TemporalFailure } from '@temporalio/common';
import { TemporalUnavailableError } from '../lib/temporal/errors';

/** gRPC status codes that mean the server is not there, or did not answer in time. */
const TRANSPORT_CODES: Readonly<Record<number, string>> = { 4: 'DEADLINE_EXCEEDED', 14: 'UNAVAILABLE' };

/** Node socket errors seen before gRPC has a status (a refused or reset connection). */
const SOCKET_ERRORS = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|ETIMEDOUT|No connection established|Connection dropped/i;

/**
 * The transport failure in an error or its causes (the SDK wraps gRPC errors in ServiceError,
 * WorkflowUpdateRPCTimeoutOrCancelledError, ...): `UNAVAILABLE`, `DEADLINE_EXCEEDED` or
 * `CONNECTION`; undefined for anything else, such as a business error or NOT_FOUND.
 */
export function transportFailureOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 8 && e instanceof Error; depth++) {
    // What a workflow or an activity failed with is the run's business, whatever its message says.
    if (e instanceof TemporalFailure || e instanceof WorkflowFailedError || e instanceof WorkflowUpdateFailedError) return undefined;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && TRANSPORT_CODES[code] !== undefined) return TRANSPORT_CODES[code];
    if (typeof code === 'string' && SOCKET_ERRORS.test(code)) return 'CONNECTION';
    if (SOCKET_ERRORS.test(e.message)) return 'CONNECTION';
    e = e.cause;
  }
  return undefined;
}

/** Where the client talks to, for messages: the connection's address when it has one. */
export function addressOf(client: Client): string {
  const options = (client.connection as { options?: { address?: unknown } }).options;
  return typeof options?.address === 'string' ? options.address : 'the configured Temporal server';
}

/**
 * The earlier of `ms` from now and the deadline the caller already set (withCallDeadline), so an
 * inner call with its own bound never outlives the method's deadline.
 */
export function deadlineWithin(client: Client, ms: number): number {
  const own = Date.now() + ms;
  const outer = (client.connection as { callContextStorage?: { getStore(): { deadline?: number | Date } | undefined } }).callContextStorage?.getStore()
    ?.deadline;
  return outer === undefined ? own : Math.min(own, new Date(outer).getTime());
}

/** What every client call runs with. */
export interface CallContext {
  readonly client: Client;
  readonly address: string;
  /** Deadline of one client method's calls together, in ms. */
  readonly timeoutMs: number;
}

/**
 * Runs a client method's calls under one deadline and turns a transport failure into
 * TemporalUnavailableError naming the operation, the address and the deadline. Other errors
 * pass unchanged.
 */
export async function withCallDeadline<T>(ctx: CallContext, operation: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ctx.timeoutMs;
  try {
    return await ctx.client.withDeadline(deadline, fn);
  } catch (err) {
    // An Update cut by our deadline can surface as gRPC CANCELLED ("Call cancelled") instead of
    // DEADLINE_EXCEEDED, depending on where the SDK's update poll was when the deadline hit.
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError && Date.now() >= deadline) {
      throw asTransportError(ctx, operation, Object.assign(new Error(err.message, { cause: err }), { code: 4 }))!;
    }
    throw asTransportError(ctx, operation, err) ?? err;
  }
}

/** The TemporalUnavailableError for a transport failure, or undefined when `err` is none. */
export function asTransportError(ctx: Pick<CallContext, 'address' | 'timeoutMs'>, operation: string, err: unknown): TemporalUnavailableError | undefined {
  if (err instanceof TemporalUnavailableError) return err;
  const failure = transportFailureOf(err);
  if (failure === undefined) return undefined;
  const why =
    failure === 'DEADLINE_EXCEEDED'
      ? `no answer within ${ctx.timeoutMs} ms`
      : `${failure === 'UNAVAILABLE' ? 'the server is unavailable' : 'the connection failed'} (${err instanceof Error ? err.message : String(err)})`;
  return new TemporalUnavailableError(
    `${operation}: Temporal at ${ctx.address} failed: ${why}. Check that the server is up and reachable ` +
      '(Queries and Updates also need a worker polling the run’s task queue); raise callTimeoutMs for slow links',
    ctx.address,
    { cause: err, operation, timeoutMs: ctx.timeoutMs },
  );
}
