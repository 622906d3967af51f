import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

// Layers point one way (ARCHITECTURE.md, "Code boundaries"). Every import counts, type-only ones
// too: a type import today is a value import after the next refactor.
const ROOT = resolve(__dirname, '../..');

/** Repo-relative paths (with `/`) of the repo files `file` imports, relative specifiers only. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  // Worker options name the workflow bundle by path: `require.resolve('../workflows')`.
  for (const m of text.matchAll(/require\.resolve\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(m[1]!);
  return specifiers.filter((s) => s.startsWith('.')).flatMap((s) => resolveModule(dirname(join(ROOT, file)), s) ?? []);
}

function resolveModule(fromDir: string, specifier: string): string | undefined {
  const base = resolve(fromDir, specifier);
  const candidates = [base, `${base}.ts`, join(base, 'index.ts')];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return found && relative(ROOT, found).split(sep).join('/');
}

function tsFilesUnder(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) out.push(...tsFilesUnder(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Every repo file `roots` load, with the import chain that first reached it. */
function reachable(roots: readonly string[]): Map<string, string[]> {
  const chains = new Map<string, string[]>(roots.map((r) => [r, [r]]));
  const queue = [...roots];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (!file.endsWith('.ts')) continue;
    for (const dep of importsOf(file)) {
      if (chains.has(dep)) continue;
      chains.set(dep, [...chains.get(file)!, dep]);
      queue.push(dep);
    }
  }
  return chains;
}

interface LayerRule {
  /** The files whose imports, direct or indirect, are checked. */
  readonly from: readonly string[];
  readonly forbidden: (path: string) => boolean;
  readonly rule: string;
  readonly fix: string;
}

const under = (folder: string) => (path: string) => path.startsWith(`${folder}/`);

/** Test-only modules: the walking skeleton and the failure-injecting DAG-testing activities. */
const TEST_ONLY = (path: string) =>
  under('workflows/skeleton')(path) ||
  under('activities/skeleton')(path) ||
  path === 'activities/dag-testing/dag-testing-activities.ts' ||
  path === 'activities/dag-testing/index.ts' ||
  under('test')(path);

const RULES: readonly LayerRule[] = [
  {
    from: tsFilesUnder('workers'),
    forbidden: under('cli'),
    rule: 'workers/ import no cli/ module',
    fix: 'move what both entry points need into lib/ (as lib/process/run-main.ts) and import it from there',
  },
  {
    from: tsFilesUnder('workflows'),
    forbidden: under('schedules'),
    rule: 'workflows/ import nothing from schedules/',
    fix: 'schedules are built outside the workflow bundle: put the schedule definition in schedules/ and let schedules/ import the workflow, not the other way',
  },
  {
    from: tsFilesUnder('bench'),
    forbidden: under('test'),
    rule: 'bench/ imports no test support',
    fix: 'move what the bench needs into lib/ (as lib/temporal/local-test-env.ts) or bench/, and let test/support re-export it',
  },
  {
    from: ['workers/cpu-worker.ts', 'workers/gpu-worker.ts', 'workflows/index.ts', 'activities/index.ts'],
    forbidden: TEST_ONLY,
    rule: 'the production workers register no test-only workflow or activity',
    fix: 'register test workflows and activities in the test that needs them (a Worker of its own, see test/integration/walking-skeleton.test.ts); dag_smoke_test uses activities/dag-testing/smoke-activities.ts only',
  },
];

describe('layers point one way', () => {
  for (const { from, forbidden, rule, fix } of RULES) {
    test(rule, () => {
      assert.ok(from.length > 0, `no files matched for "${rule}": the rule checks nothing`);
      const violations = [...reachable(from)].filter(([path]) => forbidden(path)).map(([, chain]) => chain.join(' -> '));
      assert.deepEqual(violations, [], `${rule}, but:\n  ${violations.join('\n  ')}\nFix: ${fix}.`);
    });
  }

  test('the import scan finds the imports it has to judge', () => {
    // Guards the scanner itself: if it found nothing, every rule above would pass vacuously.
    assert.ok(importsOf('workers/create-workers.ts').includes('activities/index.ts'));
    assert.ok(importsOf('workers/create-workers.ts').includes('workflows/index.ts'), 'require.resolve of the workflow bundle counts as an import');
    assert.ok(reachable(['workers/cpu-worker.ts']).has('lib/process/run-main.ts'));
  });
});
