import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import { isPortTaken } from '../net/free-port';
import { stopOrphan } from '../process/stop-orphan';
import { stopChild } from '../process/stop-child';
import { TemporalUnavailableError } from './errors';

export interface DevServerOptions {
  cliPath: string;
  /** Folder for the SQLite file and the pid file; state survives restarts. */
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  logger: Logger;
  /** Codec server the Web UI decodes payloads with (`--ui-codec-endpoint`). @default none */
  uiCodecEndpoint?: string | undefined;
}

export interface RunningDevServer {
  readonly address: string;
  readonly uiUrl: string;
  stop(): Promise<void>;
}

/** The `temporal` CLI's name for each search attribute type (`--search-attribute Name=Type`). */
export const SEARCH_ATTRIBUTE_TYPES = {
  KEYWORD: 'Keyword',
  DATETIME: 'Datetime',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  KEYWORD_LIST: 'KeywordList',
} as const;

/** The project's search attributes as the CLI takes them: `DagId=Keyword`, ... */
export function cliSearchAttributes(): string[] {
  return Object.values(SEARCH_ATTRIBUTES).map((key) => `${key.name}=${SEARCH_ATTRIBUTE_TYPES[key.type]}`);
}

async function waitUntilServing(address: string, exited: () => string | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new TemporalUnavailableError(`Temporal dev server exited during start: ${exit}`, address);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.healthService.check({});
      await connection.close();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new TemporalUnavailableError(`Temporal dev server at ${address} did not answer within ${timeoutMs} ms`, address, { cause: lastError });
}

/**
 * Runs `temporal server start-dev` with a SQLite file under dataDir (runs survive restarts), the
 * Web UI, and the project's search attributes registered.
 */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const dir = resolve(options.dataDir);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new TemporalUnavailableError(`Temporal data folder ${dir} is not writable: ${(err as Error).message}. Set DATA_DIR to a writable folder.`, dir, {
      cause: err,
    });
  }
  const pidFile = join(dir, 'dev-server.pid');
  // The SQLite file must not have two writers: an orphan that ignores SIGTERM is killed.
  await stopOrphan({
    pidFile,
    what: 'Temporal dev server',
    signal: 'SIGTERM',
    graceMs: 10_000,
    logger: options.logger,
    commandIncludes: 'start-dev',
    killAfterGrace: true,
  });
  for (const [variable, port] of [
    ['TEMPORAL_PORT', options.port],
    ['TEMPORAL_UI_PORT', options.uiPort],
  ] as const) {
    if (await isPortTaken(port)) {
      throw new TemporalUnavailableError(
        `${variable}=${port} is already in use by another program; choose a free port, or set TEMPORAL_ADDRESS to use a Temporal server that already runs there`,
        `127.0.0.1:${port}`,
      );
    }
  }
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    join(dir, 'temporal.db'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace,
    '--log-level',
    'warn',
    ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
    ...cliSearchAttributes().flatMap((attribute) => ['--search-attribute', attribute]),
  ];
  // detached: Ctrl-C in the terminal reaches only us, so we stop the server after draining workers.
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  writeFileSync(pidFile, String(child.pid));
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntilServing(address, () => (child.exitCode !== null ? `code ${child.exitCode}: ${stderr.trim()}` : undefined), 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(pidFile, { force: true });
    throw err;
  }
  options.logger.info({ address, uiPort: options.uiPort }, 'Temporal dev server started');
  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    async stop() {
      await stopChild(child, 'SIGTERM', 10_000);
      rmSync(pidFile, { force: true });
    },
  };
}
