import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

interface Received {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

// The OTLP/HTTP wire format as a collector receives it: a process with only the standard
// variables set sends its spans to `<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`, named by OTEL_SERVICE_NAME.
test('with OTEL_EXPORTER_OTLP_ENDPOINT set, spans reach the collector over OTLP/HTTP with the service name', async () => {
  const received: Received[] = [];
  const collector = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = collector.address() as AddressInfo;
    // A separate process, as a worker or a CLI is: the provider is process-wide.
    const script = [
      "const { startTracingIfEnabled, tracingSettings, withSpan } = require('./lib/tracing');",
      "const tracing = startTracingIfEnabled(tracingSettings(process.env, 'model-factory-client'));",
      "withSpan('artifact.put', { 'artifact.store': 'local' }, async () => 1).then(() => tracing.shutdown());",
    ].join('\n');
    const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'otlp-test' };
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, stderr);
    const traces = received.filter((r) => r.path === '/v1/traces');
    assert.equal(traces.length, 1, `requests: ${JSON.stringify(received.map((r) => r.path))}`);
    assert.match(traces[0]!.contentType, /application\/json/);
    const body = JSON.parse(traces[0]!.body) as {
      resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string }[] }[] }[];
    };
    const resource = body.resourceSpans[0]!.resource.attributes.find((a) => a.key === 'service.name');
    assert.equal(resource?.value.stringValue, 'otlp-test');
    assert.deepEqual(
      body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((sp) => sp.name))),
      ['artifact.put'],
    );
  } finally {
    collector.close();
  }
});
