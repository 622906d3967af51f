import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, describe, test } from 'node:test';
import { killStartedProcesses, startCli, tempDataDir } from '../../support/start-process';

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** A loopback port nothing listens on: a process that tried to connect there would fail saying so. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// The production gpu worker process (workers/gpu-worker.ts) on a machine without a GPU. The
// servers it is pointed at do not exist: the backend check must come before any connection.
describe('gpu worker process without a GPU', () => {
  after(() => killStartedProcesses());

  test(
    'with TFJS_BACKEND=tensorflow-gpu it exits 1 before connecting, with one line naming the setting and the require error',
    { skip: installed('@tensorflow/tfjs-node-gpu') && '@tensorflow/tfjs-node-gpu is installed here' },
    async () => {
      const port = await closedPort();
      const dataDir = tempDataDir('factory-gpu-refusal-');
      const run = startCli('workers/gpu-worker.ts', [], {
        TFJS_BACKEND: 'tensorflow-gpu',
        TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
        DATABASE_URL: `postgres://factory@127.0.0.1:${port}/factory`,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      });
      assert.equal(await run.exited(120_000), 1);
      const errors = run
        .output()
        .split('\n')
        .filter((l) => l.startsWith('error: '));
      assert.equal(errors.length, 1, run.output());
      assert.match(
        errors[0] ?? '',
        /^error: TFJS_BACKEND=tensorflow-gpu requires a GPU, but @tensorflow\/tfjs-node-gpu does not load \(Cannot find module '@tensorflow\/tfjs-node-gpu'.*\); without it this process would train on (wasm|tensorflow \(@tensorflow\/tfjs-node, libtensorflow [\d.]+\)) on the cpu\. .*or unset TFJS_BACKEND to train on the CPU$/,
      );
      // Refused before any side effect: no stack trace, no connection attempt, nothing written.
      assert.doesNotMatch(run.output(), /\n\s+at |ECONNREFUSED|worker ready|"msg":"tfjs backend selected"/);
      assert.deepEqual(readdirSync(dataDir), []);
    },
  );

  test('with TFJS_BACKEND unset it logs its backend and device and warns that it trains on the CPU, before connecting', async () => {
    const port = await closedPort();
    const run = startCli('workers/gpu-worker.ts', [], {
      TFJS_BACKEND: '',
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
      DATABASE_URL: `postgres://factory@127.0.0.1:${port}/factory`,
      DATA_DIR: tempDataDir('factory-gpu-cpu-'),
      LOG_LEVEL: 'info',
    });
    // Whatever the connection failure looks like, the backend lines come first.
    await run.waitFor(/"msg":"gpu worker trains on the CPU; set TFJS_BACKEND=tensorflow-gpu to refuse to start without a GPU"/, 120_000);
    const selected = run
      .output()
      .split('\n')
      .find((l) => l.includes('"msg":"tfjs backend selected"'));
    assert.ok(selected, run.output());
    const line = JSON.parse(selected) as { backend: string; device: string; requireGpu: boolean };
    assert.equal(line.device, 'cpu');
    assert.equal(line.requireGpu, false);
    assert.ok(['tensorflow', 'wasm', 'cpu'].includes(line.backend), line.backend);
    const exitCode = await run.exited(120_000);
    assert.notEqual(exitCode, 0, 'nothing listens where it was told to connect');
  });
});
