import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseDuration } from '../../lib/config';
import { redactUrl } from '../../lib/config/redact';

function messageOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration from the environment', () => {
  test('redactUrl hides a password after a user, after an empty user, and in a password= parameter', () => {
    assert.equal(redactUrl('postgres://app:s3cret@db/x'), 'postgres://app:***@db/x');
    assert.equal(redactUrl('postgres://:s3cret@db/x'), 'postgres://:***@db/x');
    assert.equal(redactUrl('postgres://db/x?sslmode=require&password=s3cret'), 'postgres://db/x?sslmode=require&password=***');
  });

  test('a malformed URL or secret setting is refused without quoting the password or the secret', () => {
    const message = messageOf({ DATABASE_URL: 'mysql://admin:hunter2@db.internal/factory' });
    assert.match(message, /^DATABASE_URL="mysql:\/\/admin:\*\*\*@db\.internal\/factory" is invalid: expected a postgres:\/\/ URL/);
    assert.doesNotMatch(message, /hunter2/);
    const error = (() => {
      try {
        loadConfig({ DATABASE_URL: 'mysql://admin:hunter2@db.internal/factory' });
      } catch (err) {
        return err as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    assert.doesNotMatch(JSON.stringify({ ...error, message: error.message }), /hunter2/, 'a logged error object carries no secret either');
    assert.equal(new ConfigError('TEMPORAL_API_KEY', 'sk-live-123', 'a key').message, 'TEMPORAL_API_KEY="***" is invalid: expected a key');
  });

  test('defaults describe the embedded single-machine stack', () => {
    const config = loadConfig({});
    assert.equal(config.DATA_DIR, '.data');
    assert.equal(config.TEMPORAL_ADDRESS, undefined);
    assert.equal(config.DATABASE_URL, undefined);
    assert.equal(config.WORKER_QUEUES, 'cpu,gpu');
    assert.equal(config.TEMPORAL_UI_PORT, 8233);
  });

  test('a malformed variable is named with its value and what is expected', () => {
    assert.equal(messageOf({ PG_PORT: 'abc' }), 'PG_PORT="abc" is invalid: expected an integer port from 0 to 65535');
    assert.equal(messageOf({ TEMPORAL_ADDRESS: 'localhost' }), 'TEMPORAL_ADDRESS="localhost" is invalid: expected host:port with a port from 1 to 65535');
    assert.equal(messageOf({ DATABASE_URL: 'mysql://x' }), 'DATABASE_URL="mysql://x" is invalid: expected a postgres:// URL');
    assert.equal(messageOf({ WORKER_QUEUES: 'cpu,tpu' }), 'WORKER_QUEUES="cpu,tpu" is invalid: expected a comma-separated list of cpu, gpu');
    assert.equal(messageOf({ SHUTDOWN_GRACE: '10 minutes' }), 'SHUTDOWN_GRACE="10 minutes" is invalid: expected a duration such as 500ms, 30s, 5m, 1h or 2d');
    assert.equal(messageOf({ LOG_LEVEL: 'loud' }), 'LOG_LEVEL="loud" is invalid: expected one of trace, debug, info, warn, error, fatal, silent');
    assert.match(messageOf({ ARTIFACT_STORE: 's3://A' }), /^ARTIFACT_STORE="s3:\/\/A" is invalid: expected s3:\/\/bucket\/prefix/);
  });

  test('an empty variable counts as unset', () => {
    assert.equal(loadConfig({ DATABASE_URL: '' }).DATABASE_URL, undefined);
  });

  test('a config file fills gaps and the environment wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'factory-config-'));
    const file = join(dir, 'factory.json');
    writeFileSync(file, JSON.stringify({ TEMPORAL_UI_PORT: 9000, LOG_LEVEL: 'debug' }));
    const config = loadConfig({ FACTORY_CONFIG: file, LOG_LEVEL: 'warn' });
    assert.equal(config.TEMPORAL_UI_PORT, 9000);
    assert.equal(config.LOG_LEVEL, 'warn');
  });

  test('a config file that is not JSON is named with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'factory-config-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ not json');
    assert.match(messageOf({ FACTORY_CONFIG: file }), /^FACTORY_CONFIG=".*broken.json" is invalid: expected valid JSON/);
  });

  test('durations parse to milliseconds', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('1h'), 3_600_000);
  });
});
