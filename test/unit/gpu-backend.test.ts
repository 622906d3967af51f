import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { createTrainingActivities, type TrainModelOutput } from '../../activities/training';
import { LocalArtifactStore } from '../../lib/artifacts';
import { ConfigError } from '../../lib/config';
import { describeBackend, deviceOf, selectBackend } from '../../lib/ml/backend';
import { GpuUnavailableError } from '../../lib/ml/errors';
import { holdoutWindow } from '../../lib/training';
import { checkGpuWorkerBackend, ensureBackend, parseBackendRequirement, parseBackendSetting } from '../../lib/training/backend';
import { SMALL_CONFIG, writeSyntheticDataset } from '../integration/training/synthetic-dataset';

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}
const hasGpuPackage = installed('@tensorflow/tfjs-node-gpu');
const hasCpuPackage = installed('@tensorflow/tfjs-node');
const noGpuPackage = hasGpuPackage && '@tensorflow/tfjs-node-gpu is installed here';

/** A pino logger whose lines the test reads back. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('the TFJS_BACKEND setting', () => {
  test('unset or empty asks for the fastest backend, with no GPU requirement', () => {
    assert.deepEqual(parseBackendRequirement(undefined), { requireGpu: false });
    assert.deepEqual(parseBackendRequirement(''), { requireGpu: false });
  });

  test('tensorflow-gpu asks for the tensorflow backend and requires a GPU', () => {
    assert.deepEqual(parseBackendRequirement('tensorflow-gpu'), {
      preferred: 'tensorflow',
      requireGpu: true,
      setting: { variable: 'TFJS_BACKEND', value: 'tensorflow-gpu' },
    });
  });

  test('a backend name asks for exactly that backend on any device', () => {
    for (const name of ['tensorflow', 'wasm', 'cpu'] as const) {
      assert.deepEqual(parseBackendRequirement(name, 'MY_BACKEND'), { preferred: name, requireGpu: false, setting: { variable: 'MY_BACKEND', value: name } });
    }
  });

  test('evaluation reads tensorflow-gpu as the tensorflow backend', () => {
    assert.equal(parseBackendSetting('tensorflow-gpu'), 'tensorflow');
    assert.equal(parseBackendSetting(undefined), undefined);
  });

  test('a bad value is a ConfigError naming the variable, the value and the choices', () => {
    assert.throws(
      () => parseBackendRequirement('gpu'),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.variable, 'TFJS_BACKEND');
        assert.equal(e.value, 'gpu');
        assert.equal(e.message, 'TFJS_BACKEND="gpu" is invalid: expected one of tensorflow-gpu, tensorflow, wasm, cpu or unset');
        return true;
      },
    );
  });
});

describe('GpuUnavailableError', () => {
  test('names the setting, why there is no GPU, what would have run instead and the fix', () => {
    const error = new GpuUnavailableError("@tensorflow/tfjs-node-gpu does not load (Cannot find module '@tensorflow/tfjs-node-gpu')", 'wasm on the cpu', {
      variable: 'TFJS_BACKEND',
      value: 'tensorflow-gpu',
    });
    assert.equal(
      error.message,
      "TFJS_BACKEND=tensorflow-gpu requires a GPU, but @tensorflow/tfjs-node-gpu does not load (Cannot find module '@tensorflow/tfjs-node-gpu'); " +
        'without it this process would train on wasm on the cpu. ' +
        'Install @tensorflow/tfjs-node-gpu@4.22.0 where a GPU is visible (scripts/gpu-check.sh checks one), or unset TFJS_BACKEND to train on the CPU',
    );
    // run-main prints errors named like this as one line, without a stack trace.
    assert.match(error.name, /Unavailable/);
  });
});

describe('selectBackend with requireGpu', () => {
  test('refuses when tfjs-node-gpu does not load, quoting the require error and what would run instead', { skip: noGpuPackage }, async () => {
    await assert.rejects(selectBackend({ requireGpu: true }), (e: unknown) => {
      assert.ok(e instanceof GpuUnavailableError);
      assert.match(e.reason, /^@tensorflow\/tfjs-node-gpu does not load \(Cannot find module '@tensorflow\/tfjs-node-gpu'/);
      if (hasCpuPackage) assert.match(e.instead, /^tensorflow \(@tensorflow\/tfjs-node, libtensorflow [\d.]+\) on the cpu$/);
      else assert.equal(e.instead, 'wasm on the cpu');
      assert.equal(e.setting, undefined);
      return true;
    });
  });

  test('cannot be combined with a backend other than tensorflow', async () => {
    await assert.rejects(selectBackend({ requireGpu: true, preferred: 'wasm' }), /requireGpu needs the tensorflow backend \(got preferred: "wasm"\)/);
  });

  test('wasm and cpu compute on the cpu', async () => {
    const choice = await selectBackend({ preferred: 'cpu' });
    assert.equal(deviceOf(choice), 'cpu');
    assert.equal(describeBackend(choice), 'cpu on the cpu');
  });
});

// From here on the process's backend is chosen once (selectBackendOnce); the order matters.
describe('ensureBackend and the gpu worker start-up check', () => {
  test('refuses a GPU requirement with the setting named when there is no GPU backend', { skip: noGpuPackage }, async () => {
    const { logger, lines } = capturingLogger();
    await assert.rejects(ensureBackend(parseBackendRequirement('tensorflow-gpu'), logger), (e: unknown) => {
      assert.ok(e instanceof GpuUnavailableError);
      assert.match(e.message, /^TFJS_BACKEND=tensorflow-gpu requires a GPU, but @tensorflow\/tfjs-node-gpu does not load \(Cannot find module/);
      assert.match(e.message, /or unset TFJS_BACKEND to train on the CPU$/);
      return true;
    });
    assert.equal(lines.length, 0, 'nothing is logged as selected');
  });

  test('logs the chosen backend with its device', async () => {
    const { logger, lines } = capturingLogger();
    const choice = await ensureBackend(parseBackendRequirement('cpu'), logger);
    assert.equal(choice.backend, 'cpu');
    const selected = lines.find((l) => l.msg === 'tfjs backend selected');
    assert.ok(selected, JSON.stringify(lines));
    assert.equal(selected.backend, 'cpu');
    assert.equal(selected.device, 'cpu');
    assert.equal(selected.requireGpu, false);
    assert.equal(selected.setting, 'cpu');
  });

  test('a GPU requirement fails against a process that already computes on the CPU', async () => {
    await assert.rejects(
      ensureBackend(parseBackendRequirement('tensorflow-gpu'), pino({ level: 'silent' })),
      (e: unknown) =>
        e instanceof GpuUnavailableError && /^TFJS_BACKEND=tensorflow-gpu requires a GPU, but this process already uses cpu on the cpu;/.test(e.message),
    );
  });

  test('a gpu worker without the requirement starts on the CPU and warns that it does', async () => {
    const { logger, lines } = capturingLogger();
    const choice = await checkGpuWorkerBackend(parseBackendRequirement(undefined), logger);
    assert.equal(deviceOf(choice), 'cpu');
    const warning = lines.find((l) => l.level === 40);
    assert.ok(warning, JSON.stringify(lines));
    assert.equal(warning.msg, 'gpu worker trains on the CPU; set TFJS_BACKEND=tensorflow-gpu to refuse to start without a GPU');
    assert.equal(warning.device, 'cpu');
  });
});

describe('trainModel records where it trained', () => {
  let dir: string;
  let store: LocalArtifactStore;
  const sdkLogger = new DefaultLogger('ERROR');
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'factory-gpu-unit-'));
    store = new LocalArtifactStore(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('returns the backend and device with the trained version, and fails under a GPU requirement it cannot meet', async () => {
    const manifest = await writeSyntheticDataset(store, 'datasets/gpu-unit/events.jsonl', { count: 200, seed: 4 });
    const input = {
      modelName: 'spam',
      dataset: manifest,
      holdout: holdoutWindow(manifest.interval, 1),
      config: { ...SMALL_CONFIG, epochs: 1 },
      minTrainingRows: 10,
    };
    const silent = pino({ level: 'silent' });
    const onCpu = createTrainingActivities({ store, logger: silent }, { backend: parseBackendRequirement('cpu'), heartbeatIntervalMs: 0 });
    const out = (await new MockActivityEnvironment({}, { logger: sdkLogger }).run(onCpu.trainModel, { ...input, runKey: 'cpu' })) as TrainModelOutput;
    assert.equal(out.backend, 'cpu');
    assert.equal(out.device, 'cpu');
    assert.equal(out.nodePackage, undefined);

    const onGpu = createTrainingActivities({ store, logger: silent }, { backend: parseBackendRequirement('tensorflow-gpu'), heartbeatIntervalMs: 0 });
    await assert.rejects(
      new MockActivityEnvironment({}, { logger: sdkLogger }).run(onGpu.trainModel, { ...input, runKey: 'gpu' }),
      // Not a non-retryable failure: another worker on the queue may have the GPU.
      (e: unknown) => e instanceof GpuUnavailableError && /^TFJS_BACKEND=tensorflow-gpu requires a GPU/.test(e.message),
    );
  });
});
