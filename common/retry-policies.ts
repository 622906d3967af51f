import type { TaskOptions } from './dag';

/**
 * Retry policies by what a step depends on, to spread into a DAG's `defaults` or a task. They
 * hold only retries and backoff: which errors are business failures (never retried) is the DAG's
 * `nonRetryableErrorTypes`, and each policy keeps honouring it.
 */

/**
 * Steps that read or write PostgreSQL or the artifact store (S3): ride out an outage of several
 * minutes (a failover, a restart, a network blip) instead of failing the run. Temporal waits
 * 2, 4, 8, 16, then 30 s between attempts: 10 retries span 2+4+8+16+6×30 = 210 s of backoff
 * (test/unit/dag/retry-policies.test.ts computes it from the built options), and the 30 s cap
 * means a step notices the service is back within 30 s.
 */
export const STORAGE_STEP_RETRIES = {
  retries: 10,
  backoff: { initial: '2s', coefficient: 2, maximum: '30s' },
} as const satisfies TaskOptions;

/**
 * Steps that resume from a checkpoint (train_model): a crash costs at most an epoch, so a count
 * of attempts would only fail a run on its Nth crash however much time is left. They retry until
 * the deadline instead: three attempts' worth of a 2 h startToCloseTimeout.
 */
export const RESUMABLE_STEP_RETRIES = {
  retries: 'unlimited',
  scheduleToCloseTimeout: '6h',
} as const satisfies TaskOptions;
