import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder of this package's package.json, found by walking up from this file: the same for
 * the sources run through tsx (`lib/`) and the build (`dist/lib/`), in a checkout or installed
 * under node_modules. Files shipped beside dist/ (migrations/, package.json) are read from here.
 */
export function findPackageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'model-factory') return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json of model-factory above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot();
