import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError } from '../../../lib/config';
import { tracingSettings } from '../../../lib/tracing';

const ROOT = join(__dirname, '..', '..', '..');

describe('tracing is off unless the OTEL_* variables ask for it', () => {
  test('no OTEL_* variable, or an exporter of none, or the SDK disabled, is off', () => {
    assert.deepEqual(tracingSettings({}, 'svc'), { enabled: false });
    assert.deepEqual(tracingSettings({ OTEL_SERVICE_NAME: 'named' }, 'svc'), { enabled: false });
    assert.deepEqual(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, 'svc'), { enabled: false });
    assert.deepEqual(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, 'svc'), { enabled: false });
  });

  test('an OTLP endpoint or a named exporter turns it on, named by OTEL_SERVICE_NAME or the process default', () => {
    assert.deepEqual(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'svc'), { enabled: true, serviceName: 'svc', exporter: 'otlp' });
    assert.deepEqual(tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces', OTEL_SERVICE_NAME: 'named' }, 'svc'), {
      enabled: true,
      serviceName: 'named',
      exporter: 'otlp',
    });
    assert.deepEqual(tracingSettings({ OTEL_TRACES_EXPORTER: 'console' }, 'svc'), { enabled: true, serviceName: 'svc', exporter: 'console' });
  });

  test('a malformed variable is a ConfigError naming it, its value and what is expected', () => {
    assert.throws(() => tracingSettings({ OTEL_TRACES_EXPORTER: 'jaeger' }, 'svc'), {
      name: 'ConfigError',
      message: 'OTEL_TRACES_EXPORTER="jaeger" is invalid: expected "otlp", "console" or "none"',
    });
    assert.throws(
      () => tracingSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317' }, 'svc'),
      (err) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /^OTEL_EXPORTER_OTLP_PROTOCOL="grpc" is invalid: expected "http\/json" or "http\/protobuf"/);
        return true;
      },
    );
    assert.throws(() => tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'svc'), {
      message: 'OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318" is invalid: expected an http(s) URL such as http://collector:4318',
    });
  });

  test('with tracing off, the client and the workers load no OpenTelemetry package', () => {
    // A fresh process: what a service importing the client (or a worker process) loads.
    const script = [
      "require('./client/connect');",
      "require('./workers/create-workers');",
      "require('./lib/artifacts');",
      'const loaded = Object.keys(require.cache).filter((f) => /@opentelemetry|interceptors-opentelemetry/.test(f));',
      'process.stdout.write(JSON.stringify(loaded));',
    ].join('\n');
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), []);
  });
});
