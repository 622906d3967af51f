// The worker images cannot be built here (no Docker engine): these tests pin what each Dockerfile
// must keep, and run worker-package.mjs, the one piece of logic the images execute at build time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBackendRequirement } from '../../lib/training/backend';

const IMAGES = join(__dirname, '..', '..', 'infra', 'images');
const read = (name: string) => readFileSync(join(IMAGES, name), 'utf8');

/** The instructions of the runtime stage: everything after the last FROM. */
function runtimeStage(dockerfile: string): string {
  return dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
}

for (const [file, entry, port] of [
  ['worker.Dockerfile', 'dist/workers/cpu-worker.js', 'HEALTH_PORT=8080'],
  ['gpu-worker.Dockerfile', 'dist/workers/gpu-worker.js', 'HEALTH_PORT=8080'],
  ['serving.Dockerfile', 'dist/cli/serve.js', 'SERVE_PORT=8501'],
] as const) {
  const portVariable = port.slice(0, port.indexOf('='));
  test(`${file} builds dist/ with npm ci && npm run build and runs ${entry} as a non-root user with a /healthz check on ${portVariable}`, () => {
    const text = read(file);
    assert.match(text, /npm ci[^\n]*\n(?:.*\n)*?RUN npm run build/);
    const runtime = runtimeStage(text);
    assert.match(runtime, /^USER 1000:1000$/m);
    assert.match(runtime, /^ARG FACTORY_BUILD_ID/m);
    assert.match(runtime, /FACTORY_BUILD_ID=\$\{FACTORY_BUILD_ID\}/);
    assert.match(runtime, new RegExp(port));
    assert.match(runtime, new RegExp(`HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD \\["node", "-e", "[^"]*process\\.env\\.${portVariable}[^"]*\\/healthz`));
    assert.match(runtime, new RegExp(`^CMD \\["node", "${entry.replace(/[./]/g, '\\$&')}"\\]$`, 'm'));
    assert.doesNotMatch(runtime, /npm (ci|install)/, 'the runtime stage installs nothing: node_modules come from the deps stage');
    assert.ok(read(`${file}.dockerignore`).split('\n').includes('infra/compose/secrets'), 'secrets stay out of the build context');
  });
}

test('the gpu image runs on CUDA 11.2 with cuDNN 8 (libtensorflow 2.9.1), installs tfjs-node-gpu 4.22.0 and requires the native backend', () => {
  const text = read('gpu-worker.Dockerfile');
  assert.match(text, /^ARG CUDA_IMAGE=nvidia\/cuda:11\.2\.\d+-cudnn8-runtime-ubuntu20\.04$/m);
  assert.match(text, /^ARG TFJS_NODE_GPU_VERSION=4\.22\.0$/m);
  assert.match(text, /--with "@tensorflow\/tfjs-node-gpu@\$\{TFJS_NODE_GPU_VERSION\}"/);
  const backend = /TFJS_BACKEND=(\S+)/.exec(runtimeStage(text))?.[1];
  assert.equal(backend, 'tensorflow-gpu');
  assert.equal(parseBackendRequirement(backend).requireGpu, true);
});

test('worker-package.mjs makes the optional worker peers dependencies at their locked versions and keeps native tfjs out unless asked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'worker-package-'));
  try {
    const manifest = {
      name: 'model-factory',
      version: '1.2.3',
      dependencies: { zod: '^4.0.0' },
      optionalDependencies: { '@tensorflow/tfjs-node': '4.22.0' },
      devDependencies: { pg: '^8.16.0', typescript: '~5.9.3', '@tensorflow/tfjs-node-gpu': '4.22.0' },
      peerDependencies: { pg: '^8.16.0', '@tensorflow/tfjs-node-gpu': '4.22.0' },
      peerDependenciesMeta: { pg: { optional: true }, '@tensorflow/tfjs-node-gpu': { optional: true } },
    };
    const lock = { packages: { 'node_modules/pg': { version: '8.16.3' } } };
    const run = (...args: string[]) => {
      writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
      writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock));
      execFileSync(process.execPath, [join(IMAGES, 'worker-package.mjs'), ...args], { cwd: dir, stdio: 'ignore' });
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    };
    const cpu = run();
    assert.deepEqual(cpu.dependencies, { zod: '^4.0.0', pg: '8.16.3' });
    assert.deepEqual(cpu.optionalDependencies, {});
    assert.equal(cpu.devDependencies, undefined);
    const gpu = run('--with', '@tensorflow/tfjs-node-gpu@4.22.0');
    assert.deepEqual(gpu.dependencies, { zod: '^4.0.0', pg: '8.16.3', '@tensorflow/tfjs-node-gpu': '4.22.0' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
