import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthReport {
  readonly healthy: boolean;
  /** Small JSON detail for a person or a probe log (states, build id); never a secret. */
  readonly detail: Record<string, unknown>;
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A process's liveness/readiness endpoint for container health checks and Kubernetes probes:
 * `GET /healthz` answers 200 with the report when `check()` says healthy, else 503; anything
 * else is 404. It listens on every interface (a probe comes from outside the container).
 */
export async function startHealthServer(port: number, check: () => HealthReport): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || (path !== '/healthz' && path !== '/readyz')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const report = check();
    res.writeHead(report.healthy ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify({ healthy: report.healthy, ...report.detail })}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
