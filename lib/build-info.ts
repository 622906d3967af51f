import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from './package-root';

/** Which build of this package a worker runs: recorded with every registered model version. */
export interface BuildInfo {
  /** `FACTORY_BUILD_ID` when set (CI stamps images with it), else `<package version>[+<short commit>]`. */
  readonly id: string;
  readonly packageVersion: string;
  /** The commit the build was made from (stamped by `npm run build`), else the checkout's HEAD. */
  readonly gitCommit?: string;
}

/** Written by `npm run build` beside the compiled code (dist/build-info.json): what was built. */
export interface BuildStamp {
  readonly gitCommit?: string;
  readonly builtAt: string;
}

/** Where the compiled code finds its stamp: dist/lib/build-info.js → dist/build-info.json. */
export const BUILD_STAMP_FILE = join(__dirname, '..', 'build-info.json');

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** HEAD's commit read from the files of `.git` (no git binary needed); undefined outside a checkout. */
export function gitCommit(root: string): string | undefined {
  let gitDir = join(root, '.git');
  // A worktree or submodule has a `.git` file pointing at the real folder.
  const pointer = readText(gitDir);
  if (pointer?.startsWith('gitdir:')) gitDir = resolve(root, pointer.slice('gitdir:'.length).trim());
  const head = readText(join(gitDir, 'HEAD'));
  if (!head) return undefined;
  if (/^[0-9a-f]{40}$/.test(head)) return head;
  const ref = /^ref: (.+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  const loose = readText(join(gitDir, ref));
  if (loose && /^[0-9a-f]{40}$/.test(loose)) return loose;
  const packed = readText(join(gitDir, 'packed-refs'));
  return packed
    ?.split('\n')
    .map((line) => line.split(' '))
    .find(([sha, name]) => name === ref && /^[0-9a-f]{40}$/.test(sha ?? ''))?.[0];
}

function stampedCommit(stampFile: string): string | undefined {
  const text = readText(stampFile);
  if (!text) return undefined;
  const commit = (JSON.parse(text) as Partial<BuildStamp>).gitCommit;
  return typeof commit === 'string' && /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
}

/**
 * Reads the build once, at worker start (never in workflow code: it reads files and the
 * environment). Built code (dist/) names the commit it was built from, even where there is no
 * `.git` (an image); sources run through tsx name the checkout's HEAD. An empty
 * `FACTORY_BUILD_ID` counts as unset.
 */
export function readBuildInfo(env: Readonly<Record<string, string | undefined>> = process.env, root = PACKAGE_ROOT, stampFile = BUILD_STAMP_FILE): BuildInfo {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
  const packageVersion = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  const commit = stampedCommit(stampFile) ?? gitCommit(root);
  const override = env.FACTORY_BUILD_ID?.trim();
  return {
    id: override || `${packageVersion}${commit ? `+${commit.slice(0, 12)}` : ''}`,
    packageVersion,
    ...(commit ? { gitCommit: commit } : {}),
  };
}

/**
 * What the registry records as a version's code: the DAG version that ran (from the workflow)
 * and the worker build that executed it, e.g. `weekly_retraining@v2 build 0.1.0+3f2a9c1b4d5e`.
 */
export function codeVersionOf(dagVersion: string, build: BuildInfo): string {
  return `${dagVersion} build ${build.id}`;
}
