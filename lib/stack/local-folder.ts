import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, type Config } from '../config';

/**
 * Creates `folder` one level at a time, or throws a ConfigError naming `variable`. Node's recursive
 * mkdir loops forever where the kernel answers ENOENT for a parent that exists (/proc, /sys), so a
 * store under /proc would hang the start silently; one level at a time fails with the reason.
 */
export function ensureLocalFolder(variable: string, shown: string, folder: string): void {
  const missing: string[] = [];
  let current = resolve(folder);
  for (;;) {
    let info;
    try {
      info = statSync(current, { throwIfNoEntry: false });
    } catch (err) {
      // ENOTDIR: a parent is a file; the walk goes on up to it and names it.
      if ((err as NodeJS.ErrnoException).code !== 'ENOTDIR') throw err;
    }
    if (info) {
      if (!info.isDirectory()) throw new ConfigError(variable, shown, `a writable folder (${current} is not a folder)`);
      break;
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new ConfigError(variable, shown, `a writable folder (cannot create ${level}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
}

/** The local artifact folder of this config, or undefined for an S3 store. */
export function localArtifactFolder(config: Pick<Config, 'ARTIFACT_STORE' | 'DATA_DIR'>): { variable: string; shown: string; folder: string } | undefined {
  const setting = config.ARTIFACT_STORE;
  if (setting === undefined) return { variable: 'DATA_DIR', shown: config.DATA_DIR, folder: `${config.DATA_DIR}/artifacts` };
  if (setting.startsWith('s3://')) return undefined;
  return { variable: 'ARTIFACT_STORE', shown: setting, folder: setting.startsWith('file://') ? fileURLToPath(setting) : setting };
}
