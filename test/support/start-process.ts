import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartedProcess {
  readonly child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the output matches, rejects on exit or timeout with the output attached. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  exited(timeoutMs: number): Promise<number | null>;
}

const ROOT = join(__dirname, '..', '..');
const started = new Set<ChildProcess>();

/**
 * Stops every process started by `startCli` that still runs: a failed assertion must not leave a
 * serving `npm start` behind, which would keep the test file (and CI) from ever finishing.
 * SIGINT, as Ctrl-C would, so it also stops the dev server and PostgreSQL it started.
 */
export function killStartedProcesses(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  started.clear();
}
process.once('exit', killStartedProcesses);

const dataDirs: string[] = [];
/** A DATA_DIR for a started process, removed when the test file's process exits. */
export function tempDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dataDirs.push(dir);
  return dir;
}
process.once('exit', () => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `cli/start.ts` (what `npm start` runs) as a separate process, as a person would. */
export function startCli(script: string, args: string[], env: Record<string, string>): StartedProcess {
  return startNode(['--import', 'tsx', join(ROOT, script), ...args], env);
}

/** Runs a file of the build (`dist/workers/cpu-worker.js`) with plain node, as production does. */
export function startBuilt(script: string, args: string[], env: Record<string, string>): StartedProcess {
  return startNode([join(ROOT, script), ...args], env);
}

function startNode(nodeArgs: string[], env: Record<string, string>): StartedProcess {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    env: { ...process.env, LOG_PRETTY: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setInterval(() => {
          if (pattern.test(text)) done(resolve);
          else if (child.exitCode !== null) done(() => reject(new Error(`exited with ${child.exitCode} before ${pattern}:\n${text.slice(-3000)}`)));
        }, 100);
        const limit = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${pattern}:\n${text.slice(-3000)}`))), timeoutMs);
        function done(then: () => void) {
          clearInterval(timer);
          clearTimeout(limit);
          then();
        }
      });
    },
    exited(timeoutMs) {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve, reject) => {
        const limit = setTimeout(() => reject(new Error(`did not exit within ${timeoutMs} ms:\n${text.slice(-3000)}`)), timeoutMs);
        child.once('exit', (code) => {
          clearTimeout(limit);
          resolve(code);
        });
      });
    },
  };
}
