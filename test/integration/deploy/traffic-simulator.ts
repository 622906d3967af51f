import { randomUUID } from 'node:crypto';
import type { Pool } from '../../../lib/db';
import { Prng } from '../../../lib/ml/prng';
import { ensurePartitions } from '../../../lib/serving/partitions';
import { readTrafficSplit } from '../../../lib/serving/traffic-store';

/** How a version scores: `good` agrees with the true label 95% of the time, `inverted` with 5%. */
/**
 * deploy_model params with small stages, so a rollout takes a minute or two in a test: 40 requests
 * (20 labelled) per stage, 1 s of bake.
 */
export function fastRolloutParams(modelName: string, version: number) {
  return { modelName, version, steps: [5, 25, 100], analysis: { minRequests: 40, minLabelled: 20 }, bakeTime: '1s', stepTimeout: '10m' };
}

export type Behaviour = 'good' | 'inverted';

export interface SimulatorOptions {
  /** Requests per tick. @default 40 */
  batch?: number;
  /** @default 150 */
  intervalMs?: number;
  seed?: number;
}

interface Row {
  id: string;
  version: number;
  role: 'champion' | 'challenger';
  shadow: boolean;
  score: number;
}

/**
 * Stands in for the prediction service's routing and logging: each tick it reads the traffic split
 * and the champion alias the service would serve, answers a batch of requests as the service
 * routes them (shadow: both score; canary: the challenger answers percent% of them), writes the
 * prediction_log rows, and posts the moderator's true label as feedback for every answer.
 */
export class TrafficSimulator {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private readonly rng: Prng;
  private failure: unknown;
  requests = 0;

  constructor(
    private readonly pool: Pool,
    private readonly model: string,
    private readonly behaviours: Readonly<Record<number, Behaviour>>,
    private readonly options: SimulatorOptions = {},
  ) {
    this.rng = Prng.fromSeed(options.seed ?? 7);
  }

  async start(): Promise<void> {
    await ensurePartitions(this.pool);
    const tick = () => {
      this.ticking = this.tick().catch((err: unknown) => {
        this.failure = err;
      });
      void this.ticking.then(() => {
        if (this.timer) this.timer = setTimeout(tick, this.options.intervalMs ?? 150);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking;
    if (this.failure) throw this.failure;
  }

  private scoreOf(version: number, truth: 0 | 1): number {
    const behaviour = this.behaviours[version] ?? 'good';
    const agrees = this.rng.nextFloat() < (behaviour === 'good' ? 0.95 : 0.05);
    const label = agrees ? truth : 1 - truth;
    const u = this.rng.nextFloat() * 0.45;
    return label === 1 ? 0.55 + u : u;
  }

  private async tick(): Promise<void> {
    const [split, champion] = await Promise.all([
      readTrafficSplit(this.pool, this.model),
      this.pool.query<{ version: number }>("SELECT version FROM model_aliases WHERE model = $1 AND alias = 'champion'", [this.model]),
    ]);
    const championVersion = champion.rows[0]?.version;
    if (championVersion === undefined) return;
    const rows: Row[] = [];
    const feedback: { id: string; label: 0 | 1 }[] = [];
    for (let i = 0; i < (this.options.batch ?? 40); i++) {
      const id = randomUUID();
      const truth: 0 | 1 = this.rng.nextFloat() < 0.4 ? 1 : 0;
      const challenger = split?.mode !== 'off' ? split?.challenger : null;
      const canary = split?.mode === 'canary' && challenger && this.rng.nextFloat() * 100 < split.canaryPercent;
      const answerer = canary ? challenger : championVersion;
      rows.push({ id, version: answerer, role: canary ? 'challenger' : 'champion', shadow: false, score: this.scoreOf(answerer, truth) });
      if (split?.mode === 'shadow' && challenger)
        rows.push({ id, version: challenger, role: 'challenger', shadow: true, score: this.scoreOf(challenger, truth) });
      feedback.push({ id, label: truth });
    }
    const values = rows.map(
      (_, i) => `($${i * 5 + 1}::uuid, $${rows.length * 5 + 1}, $${i * 5 + 2}::int, $${i * 5 + 3}, $${i * 5 + 4}::boolean, $${i * 5 + 5}::float8)`,
    );
    await this.pool.query(
      `INSERT INTO prediction_log (prediction_id, model, version, role, shadow, score, label, threshold, latency_ms, created_at)
       SELECT id, model, version, role, shadow, score, (score >= 0.5)::int, 0.5, 3 + random() * 4, now()
         FROM (VALUES ${values.join(', ')}) AS v(id, model, version, role, shadow, score)`,
      [...rows.flatMap((r) => [r.id, r.version, r.role, r.shadow, r.score]), this.model],
    );
    await this.pool.query(`INSERT INTO prediction_feedback (prediction_id, label, reviewer) SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::text[])`, [
      feedback.map((f) => f.id),
      feedback.map((f) => f.label),
      feedback.map(() => 'test-moderator'),
    ]);
    this.requests += feedback.length;
  }
}
