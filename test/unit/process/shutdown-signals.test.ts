import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../lib/logger';
import { handleShutdownSignals, type ShutdownSignal } from '../../../lib/process/shutdown-signals';

const logger = createLogger({ level: 'silent', pretty: false });

// process.emit runs the listeners without delivering a real signal, so the test runner survives.
describe('handleShutdownSignals', () => {
  let handle: ShutdownSignal | undefined;
  afterEach(() => handle?.dispose());

  test('the first SIGTERM aborts the stop signal and exits nothing', () => {
    const exits: number[] = [];
    handle = handleShutdownSignals({ graceMs: 60_000, logger, exit: (code) => exits.push(code) });
    process.emit('SIGTERM', 'SIGTERM');
    assert.equal(handle.signal.aborted, true);
    assert.equal(handle.received(), 'SIGTERM');
    assert.deepEqual(exits, []);
  });

  test('a second signal while stopping forces exit with 128 + its number', () => {
    const exits: number[] = [];
    handle = handleShutdownSignals({ graceMs: 60_000, logger, exit: (code) => exits.push(code) });
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGINT', 'SIGINT');
    assert.deepEqual(exits, [130]);
  });

  test('a stop still running after the grace and the close allowance forces exit', async () => {
    const exits: number[] = [];
    handle = handleShutdownSignals({ graceMs: 20, closeAllowanceMs: 20, logger, exit: (code) => exits.push(code) });
    process.emit('SIGTERM', 'SIGTERM');
    // Generous: the deadline is 40 ms; the ceiling only guards against a hung test.
    for (let waited = 0; exits.length === 0 && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(exits, [143]);
  });

  test('after dispose no listener is left and the deadline never fires', async () => {
    const exits: number[] = [];
    const before = process.listenerCount('SIGTERM');
    handle = handleShutdownSignals({ graceMs: 10, closeAllowanceMs: 10, logger, exit: (code) => exits.push(code) });
    assert.equal(process.listenerCount('SIGTERM'), before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    handle.dispose();
    assert.equal(process.listenerCount('SIGTERM'), before);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(exits, []);
  });
});
