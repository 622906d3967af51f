// The prediction service under load on loopback: requests/s and p50/p99 latency at batch 1 and
// 32, driven by autocannon (a standard HTTP load generator) against the service in a child
// process, next to the limit measured in the same run: in-process `predictProba` on the same
// model and texts, with no HTTP, JSON, routing or logging. Prints the ratio and the service's
// peak RSS (VmHWM of the child). Real embedded PostgreSQL and a local artifact store.
//   npm run bench:serving [-- --seconds 10 --connections 16]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { integerOption } from '../cli/command-line';
import { readCommandLine, type DocumentedCommandLine } from '../cli/command-line-help';
import { LocalArtifactStore } from '../lib/artifacts';
import { createPool, migrate, startEmbeddedPostgres } from '../lib/db';
import { createLogger } from '../lib/logger';
import { describeBackend, selectBackendOnce, syntheticMails, TextClassifier, train } from '../lib/ml';
import { ModelRegistry } from '../lib/registry';
import { startPredictionService } from '../lib/serving';

const MODEL = 'bench';

/** The part of autocannon's API this bench uses (the package ships no types). */
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
type Autocannon = (options: {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
}) => Promise<AutocannonResult>;

const ARGS = {
  program: 'npm run bench:serving --',
  summary: 'Prediction service throughput and latency under autocannon at batch 1 and 32, against in-process predict on the same model.',
  options: {
    seconds: { type: 'string', value: '<n>', description: 'seconds of load per batch size (default 10)' },
    connections: { type: 'string', value: '<n>', description: 'concurrent connections (default 16)' },
    serve: { type: 'string', value: '<json>', description: 'internal: run the service with these settings (the measured child process)' },
  },
  positionals: [],
} as const satisfies DocumentedCommandLine;

interface ServeSettings {
  databaseUrl: string;
  artifactDir: string;
}

/** The child: the service as `npm run serve` runs it, printing its URL, until SIGTERM. */
async function serve(settings: ServeSettings): Promise<void> {
  const logger = createLogger({ level: 'warn', pretty: false });
  const pool = createPool(settings.databaseUrl);
  const service = await startPredictionService({
    pool,
    databaseUrl: settings.databaseUrl,
    store: new LocalArtifactStore(settings.artifactDir),
    logger,
    models: [MODEL],
    port: 0,
  });
  process.stdout.write(`${service.url}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
  await service.close();
  await pool.end();
}

const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** Predictions per second of the bare model on `batch`-sized calls for `seconds`. */
function inProcess(classifier: TextClassifier, texts: readonly string[], batch: number, seconds: number): { perSecond: number; p50: number; p99: number } {
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  let i = 0;
  while (performance.now() < end) {
    const slice = Array.from({ length: batch }, () => texts[i++ % texts.length]!);
    const t = performance.now();
    classifier.predictProba(slice);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const total = times.reduce((s, t) => s + t, 0);
  return { perSecond: (times.length * batch) / (total / 1000), p50: times[Math.floor(times.length * 0.5)]!, p99: times[Math.floor(times.length * 0.99)]! };
}

async function main(): Promise<void> {
  const args = readCommandLine(ARGS);
  if (!args) return;
  const settings = args.string('serve');
  if (settings !== undefined) return serve(JSON.parse(settings) as ServeSettings);
  const seconds = integerOption(args, 'seconds', 10, { max: 600 });
  const connections = integerOption(args, 'connections', 16, { max: 1024 });
  const autocannon = require('autocannon') as Autocannon;

  const root = mkdtempSync(join(tmpdir(), 'factory-bench-serving-'));
  const logger = createLogger({ level: 'warn', pretty: false });
  const pg = await startEmbeddedPostgres({ dataDir: join(root, 'postgres'), port: 0, logger });
  const pool = createPool(pg.url);
  let child: ReturnType<typeof spawn> | undefined;
  try {
    await migrate(pool);
    const backend = await selectBackendOnce();
    const samples = syntheticMails({ count: 5_000, seed: 7 });
    const { classifier } = await train({ samples, config: { epochs: 2 }, onEpochEnd: async () => {} });
    const store = new LocalArtifactStore(join(root, 'artifacts'));
    const ref = await store.put('bench/model.json', JSON.stringify(classifier.toArtifact()));
    const registry = new ModelRegistry(pool);
    const { version } = await registry.registerVersion({
      model: MODEL,
      registrationKey: 'bench/register_model',
      artifacts: { model: ref, baseline: ref, reports: {} },
      metrics: {},
      params: {},
      datasetManifest: {
        kind: 'dataset',
        dataUri: ref.uri,
        sha256: ref.sha256,
        sizeBytes: ref.sizeBytes,
        interval: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-08T00:00:00.000Z' },
        dataInterval: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-08T00:00:00.000Z' },
        query: 'synthetic',
        rowCount: samples.length,
        labelCounts: { '0': samples.filter((m) => m.label === 0).length, '1': samples.filter((m) => m.label === 1).length },
      },
      codeVersion: 'bench',
      lineage: { workflowId: 'bench', runId: 'bench', taskId: 'register_model' },
      gate: { passed: true, reasons: ['bench'] },
    });
    await registry.promoteToChampion(MODEL, version.version, { actor: 'bench', reason: 'bench' });

    child = spawn(
      process.execPath,
      [...process.execArgv, __filename, '--serve', JSON.stringify({ databaseUrl: pg.url, artifactDir: join(root, 'artifacts') })],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child!.stdout! }).once('line', resolve);
      child!.once('exit', (code) => reject(new Error(`service exited with ${code} before listening`)));
    });
    const texts = syntheticMails({ count: 2_000, seed: 8 }).map((s) => s.text);
    console.log(`backend ${describeBackend(backend)}; ${seconds} s per batch size, ${connections} connections; service ${url} (pid ${child.pid})`);
    console.log('batch | served req/s | predictions/s | p50 ms | p99 ms | in-process predictions/s | in-process p50/p99 ms | served / in-process');
    for (const batch of [1, 32]) {
      const body = JSON.stringify({ instances: texts.slice(0, batch).map((text) => ({ text })) });
      const result = await autocannon({
        url: `${url}/v1/models/${MODEL}:predict`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections,
        duration: seconds,
      });
      if (result.errors + result.timeouts + result.non2xx > 0) {
        throw new Error(`batch ${batch}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx of ${result['2xx']} answered`);
      }
      const limit = inProcess(classifier, texts, batch, seconds);
      const served = result.requests.average * batch;
      console.log(
        `${String(batch).padStart(5)} | ${result.requests.average.toFixed(0).padStart(12)} | ${served.toFixed(0).padStart(13)} | ${String(result.latency.p50).padStart(6)} | ${String(result.latency.p99).padStart(6)} | ${limit.perSecond.toFixed(0).padStart(24)} | ${`${limit.p50.toFixed(2)}/${limit.p99.toFixed(2)}`.padStart(21)} | ${(served / limit.perSecond).toFixed(2)}`,
      );
    }
    console.log(`service peak RSS ${peakRssMb(child.pid!).toFixed(0)} MB`);
    classifier.dispose();
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    const logged = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM prediction_log')).rows[0]!.n;
    console.log(`prediction log rows after the service stopped: ${logged}`);
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await pool.end();
    await pg.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
