import { ApplicationFailure, Context } from '@temporalio/activity';
import { createSmokeActivities } from './smoke-activities';

/** Observes how many tracked activities run at once (mapping and pool tests). */
export class ConcurrencyTracker {
  current = 0;
  max = 0;
  enter(): void {
    this.current++;
    this.max = Math.max(this.max, this.current);
  }
  leave(): void {
    this.current--;
  }
}

export interface DagTestingDeps {
  readonly tracker?: ConcurrencyTracker;
  /** Receives every `record` call, so tests can see what teardown tasks did. */
  readonly log?: string[];
}

/**
 * Small activities with no side effects beyond the injected deps, used by the DAG engine's
 * tests, replay recordings and benchmarks. Test-only: they fail, sleep and record on request, so
 * no production worker registers them; tests and benches pass them to their own workers.
 */
export function createDagTestingActivities(deps: DagTestingDeps = {}) {
  const pokes = new Map<string, number>();
  const calls = new Map<string, number>();
  return {
    /** Does nothing: the unit of engine overhead in benchmarks. */
    async noop(): Promise<void> {},

    ...createSmokeActivities(),

    /** Fails its first `failures` attempts with a retryable error, then returns the attempt. */
    async flaky(input: { failures: number }): Promise<number> {
      const { attempt } = Context.current().info;
      if (attempt <= input.failures) throw new Error(`flaky failure on attempt ${attempt}`);
      return attempt;
    },

    /** Fails its first `times` calls per key, across activity executions (operator retries). */
    async failFirst(input: { key: string; times: number }): Promise<number> {
      const n = (calls.get(input.key) ?? 0) + 1;
      calls.set(input.key, n);
      if (n <= input.times) throw ApplicationFailure.create({ message: `failing call ${n} of ${input.times}`, type: 'TestFailure' });
      return n;
    },

    async fail(input: { message: string; type?: string; nonRetryable?: boolean }): Promise<never> {
      throw ApplicationFailure.create({ message: input.message, type: input.type ?? 'TestFailure', nonRetryable: input.nonRetryable ?? false });
    },

    /** Sleeps, heartbeating so cancellation reaches it; tracked for concurrency. */
    async sleep(input: { ms: number }): Promise<number> {
      const ctx = Context.current();
      deps.tracker?.enter();
      try {
        const until = Date.now() + input.ms;
        while (Date.now() < until) {
          ctx.heartbeat();
          await ctx.sleep(Math.min(50, until - Date.now()));
        }
        return input.ms;
      } finally {
        deps.tracker?.leave();
      }
    },

    /** Returns a string of `bytes` characters: for the output size limit. */
    async bigOutput(input: { bytes: number }): Promise<string> {
      return 'x'.repeat(input.bytes);
    },

    /** A sensor condition: true from the `doneAfter`-th poke on, per key. */
    async poke(input: { key: string; doneAfter: number }): Promise<boolean> {
      const n = (pokes.get(input.key) ?? 0) + 1;
      pokes.set(input.key, n);
      return n >= input.doneAfter;
    },

    async record(input: { entry: string }): Promise<void> {
      deps.log?.push(input.entry);
    },
  };
}

export type DagTestingActivities = ReturnType<typeof createDagTestingActivities>;
