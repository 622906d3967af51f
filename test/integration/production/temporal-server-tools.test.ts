import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { installPinned, locateTool, ToolNotFoundError } from '../../../lib/tools';

// The Temporal server and its sql tool are the pinned tools built with Go (lib/tools), which the
// production-shaped test runs; these pin how they are found and what a missing Go says.
describe('the Go-built pinned tools', () => {
  let dir: string;
  const saved = { PATH: process.env.PATH, TEMPORAL_SERVER_BIN: process.env.TEMPORAL_SERVER_BIN };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'factory-go-tools-'));
  });
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('installing one without Go on PATH fails, naming what is needed to build which module', () => {
    process.env.PATH = join(dir, 'empty');
    assert.throws(() => installPinned('temporal-server', join(dir, 'target')), {
      message: 'the Go toolchain (`go` on PATH) is needed to build go.temporal.io/server/cmd/server@v1.32.0; none was found on PATH',
    });
  });

  test('an override that is not an executable is refused, naming the variable and its value', () => {
    process.env.TEMPORAL_SERVER_BIN = join(dir, 'no-such-server');
    assert.throws(
      () => locateTool('temporal-server'),
      (err: unknown) =>
        err instanceof ToolNotFoundError &&
        err.message.includes(`TEMPORAL_SERVER_BIN=${join(dir, 'no-such-server')}`) &&
        err.message.includes('TEMPORAL_SERVER_BIN must point at an executable server binary'),
    );
  });

  test('one is never taken from PATH, where `server` may be any program', () => {
    const impostor = join(dir, 'server');
    writeFileSync(impostor, '#!/bin/sh\necho not temporal\n');
    chmodSync(impostor, 0o755);
    delete process.env.TEMPORAL_SERVER_BIN;
    process.env.PATH = `${dir}${delimiter}${saved.PATH ?? ''}`;
    let found: string | undefined;
    try {
      found = locateTool('temporal-server');
    } catch (err) {
      // Not built in this checkout yet: the error says how to build it instead of using PATH.
      assert.ok(err instanceof ToolNotFoundError && err.message.includes('go install go.temporal.io/server/cmd/server@v1.32.0'), String(err));
    }
    assert.notEqual(found, impostor);
  });
});
