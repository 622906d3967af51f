import { createServer } from 'node:net';
import { HISTOGRAM_BUCKETS } from './metric-names';

/** Where the Temporal runtime's Prometheus exporter listens: every interface, like /healthz. */
export interface MetricsEndpoint {
  readonly port: number;
  readonly bindAddress: string;
}

/**
 * The exporter lives in the SDK's Rust core and never says which port it bound, so METRICS_PORT=0
 * is resolved here to a port that was free a moment ago (the process logs it).
 */
export async function resolveMetricsEndpoint(port: number): Promise<MetricsEndpoint> {
  const resolved = port === 0 ? await freePort() : port;
  return { port: resolved, bindAddress: `0.0.0.0:${resolved}` };
}

/** The runtime's `telemetryOptions.metrics` for an endpoint: engine histograms get their own buckets. */
export function prometheusTelemetry(endpoint: MetricsEndpoint) {
  return { prometheus: { bindAddress: endpoint.bindAddress, histogramBucketOverrides: { ...HISTOGRAM_BUCKETS } } };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
