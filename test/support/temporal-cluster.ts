import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import { startEmbeddedPostgres, type RunningPostgres } from '../../lib/db';
import { createLogger } from '../../lib/logger';
import { freePort, isPortTaken } from '../../lib/net/free-port';
import { stopChild } from '../../lib/process/stop-child';
import { locateTool } from '../../lib/tools';

// A real Temporal cluster for production-shaped tests: the server binary (frontend, history,
// matching and worker services in one process) on PostgreSQL for both persistence and visibility,
// not the CLI's dev server on SQLite. It lives with the tests, not in lib/: the product never
// launches a production cluster; operators run one (infra/) or use Temporal Cloud.

export interface TemporalClusterOptions {
  /** Namespace registered, with the project's search attributes. @default 'default' */
  namespace?: string;
  /** How long the cluster may take to answer and register the namespace. @default 300_000 */
  readyTimeoutMs?: number;
}

export interface RunningTemporalCluster {
  /** Frontend host:port (TEMPORAL_ADDRESS for workers and clients). */
  readonly address: string;
  readonly namespace: string;
  /** postgres:// URL of a database on the cluster's PostgreSQL: `temporal` or `temporal_visibility`. */
  databaseUrl(database: TemporalDatabase): string;
  /** Milliseconds each start-up phase took, for the test to report. */
  readonly timings: { readonly postgresMs: number; readonly schemaMs: number; readonly serverMs: number; readonly namespaceMs: number };
  stop(): Promise<void>;
}

type TemporalDatabase = 'temporal' | 'temporal_visibility';

const run = promisify(execFile);
const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
// The schema the sql tool embeds for its own version, so it always matches the server binary
// built from the same module version (the module's schema/postgresql/v12/*/versioned files).
const SCHEMAS: Record<TemporalDatabase, string> = { temporal: 'postgresql/v12/temporal', temporal_visibility: 'postgresql/v12/visibility' };

/** Creates a database and its schema at the newest version, as the docs' cluster set-up does. */
async function createSchema(sqlTool: string, pg: RunningPostgres, database: TemporalDatabase): Promise<void> {
  const url = new URL(pg.url);
  // The password goes through the environment, not argv, so `ps` does not show it.
  const env = {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: url.hostname,
    SQL_PORT: String(pg.port),
    SQL_USER: decodeURIComponent(url.username),
    SQL_PASSWORD: decodeURIComponent(url.password),
    SQL_DATABASE: database,
  };
  for (const args of [['create-database'], ['setup-schema', '-v', '0.0'], ['update-schema', '--schema-name', SCHEMAS[database]]]) {
    try {
      await run(sqlTool, args, { env });
    } catch (err) {
      const { stderr, stdout } = err as { stderr?: string; stdout?: string };
      throw new Error(`temporal sql tool ${args[0]} of ${database} failed: ${(stderr || stdout || String(err)).trim().slice(-2000)}`, { cause: err });
    }
  }
}

interface Ports {
  readonly frontendHttp: number;
  readonly grpc: Record<(typeof SERVICES)[number], number>;
  readonly membership: Record<(typeof SERVICES)[number], number>;
}

async function freePorts(): Promise<Ports> {
  const taken = new Set<number>();
  const claim = async (pick: () => Promise<number>): Promise<number> => {
    for (;;) {
      const port = await pick();
      if (taken.has(port) || (await isPortTaken(port))) continue;
      taken.add(port);
      return port;
    }
  };
  const next = () => claim(freePort);
  // The cluster_membership table keeps the port in a smallint: above 32767 the services fail to
  // join, and the OS hands out ephemeral ports from 32768 up. So these are drawn below that.
  const nextLow = () => claim(async () => 20_000 + Math.floor(Math.random() * 12_000));
  const grpc = { frontend: await next(), history: await next(), matching: await next(), worker: await next() };
  const membership = { frontend: await nextLow(), history: await nextLow(), matching: await nextLow(), worker: await nextLow() };
  return { frontendHttp: await next(), grpc, membership };
}

/**
 * The server's config: the module's config/development-postgres12.yaml with free ports, the
 * embedded PostgreSQL's credentials, and without what a test has no use for (archival, pprof,
 * Prometheus, the dynamic config file). JSON is YAML, so the server reads it as it is.
 */
function serverConfig(pg: RunningPostgres, ports: Ports): object {
  const url = new URL(pg.url);
  const datastore = (databaseName: TemporalDatabase, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${pg.port}`,
      connectProtocol: 'tcp',
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: 4,
      datastores: { 'postgres-default': datastore('temporal', 20), 'postgres-visibility': datastore('temporal_visibility', 2) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: Object.fromEntries(
      SERVICES.map((service) => [
        service,
        {
          rpc: {
            grpcPort: ports.grpc[service],
            membershipPort: ports.membership[service],
            bindOnLocalHost: true,
            ...(service === 'frontend' ? { httpPort: ports.frontendHttp } : {}),
          },
        },
      ]),
    ),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.grpc.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
  };
}

/** Retries `attempt` until it resolves, the server exits, or the deadline passes (then the last error). */
async function retryUntil<T>(what: string, deadline: number, exited: () => string | undefined, attempt: () => Promise<T>): Promise<T> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(`Temporal server exited while waiting for ${what}: ${exit}`);
    try {
      return await attempt();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`Temporal cluster: ${what} did not happen in time; last error: ${(lastError as Error | undefined)?.message}`, { cause: lastError });
}

/** Registers the namespace and the project's search attributes, and waits until both are served. */
async function registerNamespace(connection: Connection, namespace: string, deadline: number, exited: () => string | undefined): Promise<void> {
  await retryUntil('namespace registration', deadline, exited, async () => {
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    } catch (err) {
      if ((err as { code?: number }).code !== 6 /* ALREADY_EXISTS: an earlier attempt got through */) throw err;
    }
  });
  await retryUntil('the namespace to be served', deadline, exited, () => connection.workflowService.describeNamespace({ namespace }));
  const wanted = Object.fromEntries(
    Object.values(SEARCH_ATTRIBUTES).map((key) => [key.name, temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`]]),
  );
  await retryUntil('search attribute registration', deadline, exited, async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = Object.fromEntries(Object.entries(wanted).filter(([name]) => !customAttributes?.[name]));
    if (Object.keys(missing).length === 0) return;
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    throw new Error(`search attributes ${Object.keys(missing).join(', ')} added, not yet listed`);
  });
}

/**
 * Starts a Temporal cluster on its own embedded PostgreSQL in a temp folder: creates the
 * `temporal` and `temporal_visibility` databases and schemas with the pinned sql tool, starts the
 * pinned server binary, and registers the namespace and the project's search attributes.
 * Both binaries are built with Go on first use (lib/tools, `npm run setup`).
 */
export async function startTemporalCluster(options: TemporalClusterOptions = {}): Promise<RunningTemporalCluster> {
  const namespace = options.namespace ?? 'default';
  const serverBin = locateTool('temporal-server', { install: true });
  const sqlTool = locateTool('temporal-sql-tool', { install: true });
  const root = mkdtempSync(join(tmpdir(), 'factory-temporal-cluster-'));
  const logger = createLogger({ level: 'warn', pretty: false });
  let phaseStart = Date.now();
  /** Milliseconds since the previous phase ended. */
  const lap = () => {
    const now = Date.now();
    const ms = now - phaseStart;
    phaseStart = now;
    return ms;
  };

  let pg: RunningPostgres | undefined;
  let server: ChildProcess | undefined;
  const killServer = () => server?.kill('SIGKILL');
  try {
    // `postgres` exists on every server: naming it keeps the project's `factory` database off this one.
    pg = await startEmbeddedPostgres({ dataDir: join(root, 'postgres'), port: 0, logger, database: 'postgres' });
    const postgresMs = lap();
    const started = pg;
    await Promise.all((Object.keys(SCHEMAS) as TemporalDatabase[]).map((db) => createSchema(sqlTool, started, db)));
    const schemaMs = lap();

    const ports = await freePorts();
    const configFile = join(root, 'temporal.yaml');
    writeFileSync(configFile, JSON.stringify(serverConfig(pg, ports), null, 2), { mode: 0o600 });
    server = spawn(serverBin, ['--config-file', configFile, '--allow-no-auth', 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
    process.once('exit', killServer);
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-6000));
    server.stdout?.on('data', keep);
    server.stderr?.on('data', keep);
    const child = server;
    const exited = () =>
      child.exitCode !== null || child.signalCode !== null ? `${child.exitCode ?? child.signalCode}: ${output.trim().slice(-3000)}` : undefined;

    const address = `127.0.0.1:${ports.grpc.frontend}`;
    const deadline = Date.now() + (options.readyTimeoutMs ?? 300_000);
    const connection = await retryUntil('the frontend to answer', deadline, exited, async () => {
      const c = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await c.healthService.check({});
        return c;
      } catch (err) {
        await c.close();
        throw err;
      }
    });
    const serverMs = lap();
    try {
      await registerNamespace(connection, namespace, deadline, exited);
    } finally {
      await connection.close();
    }
    const namespaceMs = lap();

    const running = pg;
    return {
      address,
      namespace,
      timings: { postgresMs, schemaMs, serverMs, namespaceMs },
      databaseUrl(database) {
        const url = new URL(running.url);
        url.pathname = `/${database}`;
        return url.toString();
      },
      async stop() {
        process.off('exit', killServer);
        await stopChild(child, 'SIGTERM', 30_000);
        await running.stop();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    process.off('exit', killServer);
    if (server) await stopChild(server, 'SIGKILL', 5_000);
    await pg?.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
}
