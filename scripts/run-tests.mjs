// Runs the test suites with node's built-in runner (through tsx for TypeScript).
// Usage: node scripts/run-tests.mjs [unit|integration|replay ...]; no argument runs all,
// after a type check. Node 20's --test takes no globs, so files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const suites = process.argv.slice(2);
const wanted = suites.length > 0 ? suites : ['unit', 'replay', 'integration'];

function listTests(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(listTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

if (suites.length === 0) {
  for (const [label, args] of [
    ['typecheck', ['tsc', '--noEmit', '-p', '.']],
    ['lint', ['eslint', '.']],
    ['format', ['prettier', '--check', '.']],
  ]) {
    console.log(`# ${label}`);
    const step = spawnSync('npx', args, { stdio: 'inherit' });
    if (step.status !== 0) process.exit(step.status ?? 1);
  }
}

// Integration tests run the package as it ships: worker processes from dist/, the packed tarball.
if (wanted.includes('integration')) {
  console.log('# build');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const files = wanted.flatMap((suite) => listTests(join('test', suite)));
if (files.length === 0) {
  console.error(`no test files found for ${wanted.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
});
process.exit(result.status ?? 1);
