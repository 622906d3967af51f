import type { Logger } from 'pino';
import type { Pool } from '../db';
import { PredictionLogFullError } from './errors';
import { ensurePartitions } from './partitions';
import { SERVING_METRICS, type ServingMetrics } from './serving-metrics';

/** One row of the prediction log. A failed predict has score and label null and `error` set. */
export interface PredictionRecord {
  predictionId: string;
  model: string;
  version: number;
  role: 'champion' | 'challenger';
  shadow: boolean;
  score: number | null;
  label: 0 | 1 | null;
  threshold: number;
  latencyMs: number;
  error: string | null;
  textSha256: string | null;
  createdAt: Date;
}

export interface PredictionLogOptions {
  /** Most rows held in memory. @default 100000 */
  capacity?: number;
  /** Rows per INSERT. @default 1000 */
  batchSize?: number;
  /** How long a row may wait for company before it is written. @default 200 */
  flushIntervalMs?: number;
  /** How long `append` waits for room when the queue is full before it throws PredictionLogFullError. @default 100 */
  fullWaitMs?: number;
  /** First wait after a failed write; doubles up to `maxRetryDelayMs`. @default 250 */
  retryDelayMs?: number;
  /** @default 5000 */
  maxRetryDelayMs?: number;
  logger: Logger;
  metrics: ServingMetrics;
}

const PARTITION_MISSING = '23514';

/**
 * The prediction log's writer: a bounded in-memory queue drained by one loop that INSERTs
 * batches off the request path. A batch leaves the queue only after its commit, and rows are
 * keyed by prediction id, so a write retried after a lost acknowledgement adds nothing.
 *
 * Back-pressure, when the queue is full (PostgreSQL down for longer than the queue lasts, or
 * slower than the traffic): `append` waits briefly for room, then refuses with
 * PredictionLogFullError, which the HTTP app answers with 503. Refusing was chosen over dropping
 * the oldest rows because an unlogged prediction can get no feedback and biases the canary
 * analysis and drift monitor without anyone seeing it; a 503 is visible and the client retries.
 * Shadow rows, a sample for analysis that nobody waits for, are dropped and counted instead.
 */
export class PredictionLog {
  private queue: PredictionRecord[] = [];
  private head = 0;
  private readonly capacity: number;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly fullWaitMs: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private roomWaiters: (() => void)[] = [];
  private wake: (() => void) | undefined;
  private closing = false;
  /** Set when close() gives up waiting: the loop stops even with rows left. */
  private closed = false;
  private failing = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly pool: Pool,
    private readonly options: PredictionLogOptions,
  ) {
    this.capacity = options.capacity ?? 100_000;
    this.batchSize = options.batchSize ?? 1_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.fullWaitMs = options.fullWaitMs ?? 100;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
    this.loop = this.run();
  }

  /** Rows waiting to be written. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** True while the last write failed (PostgreSQL unreachable); /readyz shows it. */
  get degraded(): boolean {
    return this.failing;
  }

  /**
   * Queues the rows of one request, all or none. Resolves at once when there is room; otherwise
   * waits up to `fullWaitMs` for the writer to make room, then throws PredictionLogFullError.
   */
  async append(records: readonly PredictionRecord[]): Promise<void> {
    if (this.closing) throw new PredictionLogFullError(this.capacity, 0);
    const deadline = Date.now() + this.fullWaitMs;
    while (this.pending + records.length > this.capacity) {
      const left = deadline - Date.now();
      if (left <= 0 || records.length > this.capacity) {
        this.options.metrics.inc(SERVING_METRICS.logRejected, { kind: 'request' });
        throw new PredictionLogFullError(this.capacity, this.fullWaitMs);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.roomWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.push(records);
  }

  /** Queues rows nobody waits for (shadow scores): dropped and counted when there is no room. */
  offer(records: readonly PredictionRecord[]): boolean {
    if (this.closing || this.pending + records.length > this.capacity) {
      this.options.metrics.inc(SERVING_METRICS.logRejected, { kind: 'shadow' }, records.length);
      return false;
    }
    this.push(records);
    return true;
  }

  /**
   * Stops taking rows and writes every queued one. Waits up to `timeoutMs` for PostgreSQL;
   * returns how many rows could not be written (0 on a clean shutdown with the database up).
   */
  async close(timeoutMs = 30_000): Promise<number> {
    this.closing = true;
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    const lost = this.pending;
    if (lost > 0) this.options.logger.error({ rows: lost }, 'prediction log rows not written at shutdown');
    this.closed = true;
    this.wake?.();
    return lost;
  }

  private push(records: readonly PredictionRecord[]): void {
    for (const r of records) this.queue.push(r);
    this.options.metrics.set(SERVING_METRICS.logQueued, {}, this.pending);
    if (this.pending >= this.batchSize) this.wake?.();
  }

  private async run(): Promise<void> {
    let delay = this.retryDelayMs;
    while (!this.closed) {
      if (this.pending === 0) {
        if (this.closing) return;
        await this.sleep(this.flushIntervalMs);
        continue;
      }
      if (this.pending < this.batchSize && !this.closing) await this.sleep(this.flushIntervalMs);
      const batch = this.queue.slice(this.head, this.head + this.batchSize);
      try {
        await this.write(batch);
        this.head += batch.length;
        if (this.head > 4_096 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        this.options.metrics.inc(SERVING_METRICS.logWritten, {}, batch.length);
        this.options.metrics.set(SERVING_METRICS.logQueued, {}, this.pending);
        if (this.failing) this.options.logger.info({ rows: this.pending }, 'prediction log writes resumed');
        this.failing = false;
        delay = this.retryDelayMs;
        const waiters = this.roomWaiters;
        this.roomWaiters = [];
        for (const w of waiters) w();
      } catch (err) {
        this.options.metrics.inc(SERVING_METRICS.logWriteFailures);
        if (!this.failing) this.options.logger.warn({ err, rows: this.pending }, 'prediction log write failed; rows stay queued and are retried');
        this.failing = true;
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.maxRetryDelayMs);
      }
    }
  }

  private async write(batch: readonly PredictionRecord[]): Promise<void> {
    try {
      await this.insert(batch);
    } catch (err) {
      if ((err as { code?: string }).code !== PARTITION_MISSING) throw err;
      // A row of a day with no partition yet (the hourly job creates them ahead; this covers a
      // clock jump or a long outage): create that day's and retry once.
      for (const day of new Set(batch.map((r) => Math.floor(r.createdAt.getTime() / 86_400_000)))) {
        await ensurePartitions(this.pool, new Date(day * 86_400_000), { daysBehind: 0, daysAhead: 0 });
      }
      await this.insert(batch);
    }
  }

  private async insert(batch: readonly PredictionRecord[]): Promise<void> {
    const col = <T>(f: (r: PredictionRecord) => T) => batch.map(f);
    await this.pool.query(
      `INSERT INTO prediction_log (prediction_id, model, version, role, shadow, score, label, threshold, latency_ms, error, text_sha256, created_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::bool[], $6::float8[], $7::smallint[], $8::float8[], $9::float8[], $10::text[], $11::text[], $12::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [
        col((r) => r.predictionId),
        col((r) => r.model),
        col((r) => r.version),
        col((r) => r.role),
        col((r) => r.shadow),
        col((r) => r.score),
        col((r) => r.label),
        col((r) => r.threshold),
        col((r) => r.latencyMs),
        col((r) => r.error),
        col((r) => r.textSha256),
        col((r) => r.createdAt),
      ],
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
