import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `factory <args>` as a person or a script runs it: a separate process with TEMPORAL_ADDRESS set. */
export function factory(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'factory.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Generous: a loaded two-core CI box takes seconds just to load tsx.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`factory ${args.join(' ')} did not exit within 60 s:\n${stdout}\n${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `factory <args>` until `done` holds of its result, at most `timeoutMs`; the last result either way. */
export async function factoryUntil(args: string[], env: Record<string, string>, done: (r: CliResult) => boolean, timeoutMs = 300_000): Promise<CliResult> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const result = await factory(args, env);
    if (done(result) || Date.now() > until) return result;
    await new Promise((r) => setTimeout(r, 500));
  }
}
