import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Moves everything under `from` into `into`: folders present in both are merged entry by entry,
 * a file replaces the one of the same name, and `from` is removed. This is what two
 * `pip install --target` runs into one folder should do but do not: pip replaces a whole
 * top-level folder it installs into, so the second wheel's `bin/` deleted the first one's binary.
 * Both folders must be on one filesystem (renames).
 */
export function mergeFolder(from: string, into: string): void {
  mkdirSync(into, { recursive: true });
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(into, name);
    const existing = lstatSync(target, { throwIfNoEntry: false });
    if (lstatSync(source).isDirectory() && existing?.isDirectory()) {
      mergeFolder(source, target);
      continue;
    }
    if (existing !== undefined) rmSync(target, { recursive: true, force: true });
    renameSync(source, target);
  }
  rmSync(from, { recursive: true, force: true });
}
