/** True when a process with this pid exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until the process is gone or `ms` pass; true when it is gone. */
export async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms && processAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
  return !processAlive(pid);
}
