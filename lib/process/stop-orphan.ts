import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Logger } from 'pino';
import { processAlive, waitForExit } from './process-alive';

export interface OrphanOptions {
  /** The pid is the file's first line (PostgreSQL's postmaster.pid and our own pid files). */
  pidFile: string;
  /** Names the server in the log line, e.g. "PostgreSQL". */
  what: string;
  signal: NodeJS.Signals;
  graceMs: number;
  logger: Logger;
  /** Guards against a reused pid: only a process whose command line matches is stopped. */
  commandIncludes?: string;
  /** SIGKILL a server still running after the grace (safe only where a crash loses nothing). */
  killAfterGrace?: boolean;
}

/**
 * A server left running by a killed run still holds our data folder and ports: stop it (the
 * given signal, then the grace), and remove its pid file so the new server starts cleanly.
 * Returns false when it is still running after the grace; the caller decides what that means.
 */
export async function stopOrphan(options: OrphanOptions): Promise<boolean> {
  if (!existsSync(options.pidFile)) return true;
  const pid = Number(readFileSync(options.pidFile, 'utf8').split('\n')[0]?.trim());
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid) && commandMatches(pid, options.commandIncludes)) {
    options.logger.warn({ pid }, `stopping ${options.what} left running by an earlier run`);
    process.kill(pid, options.signal);
    if (!(await waitForExit(pid, options.graceMs))) {
      if (!options.killAfterGrace) return false;
      process.kill(pid, 'SIGKILL');
      await waitForExit(pid, options.graceMs);
    }
  }
  rmSync(options.pidFile, { force: true });
  return true;
}

function commandMatches(pid: number, fragment: string | undefined): boolean {
  if (fragment === undefined) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(fragment);
  } catch {
    return false; // no /proc entry: not running, or not a process we can identify
  }
}
