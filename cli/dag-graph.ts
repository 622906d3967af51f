// Renders a DAG, or a run of it, as Mermaid text or an SVG file.
//   npx tsx cli/dag-graph.ts <module> <export> [--svg out.svg] [--state state.json]
// <module> exports a built DAG (e.g. workflows/dag/smoke-dag.ts dagSmokeTest). --state takes the
// JSON of a getDagState Query (`temporal workflow query --name getDagState -w <id> -o json`,
// the query result) and colours tasks by state.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dagToMermaid, dagToSvg, type DagRunState, type DagSpec, type TaskState } from '../common/dag';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function statesFrom(path: string | undefined): Record<string, TaskState> | undefined {
  if (!path) return undefined;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as DagRunState | { queryResult: DagRunState[] };
  const state = 'queryResult' in raw ? raw.queryResult[0] : raw;
  if (!state?.tasks) throw new Error(`${path} holds no getDagState result (expected a "tasks" list)`);
  return Object.fromEntries(state.tasks.map((t) => [t.taskId, t.state]));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const [modulePath, exportName] = args;
  if (!modulePath || !exportName) {
    throw new Error('usage: npx tsx cli/dag-graph.ts <module> <export> [--svg out.svg] [--state state.json]');
  }
  const mod = (await import(resolve(modulePath))) as Record<string, unknown>;
  const dag = mod[exportName] as DagSpec | undefined;
  if (!dag || !Array.isArray(dag.tasks)) {
    throw new Error(`${modulePath} has no DAG export named "${exportName}" (exports: ${Object.keys(mod).join(', ')})`);
  }
  const states = statesFrom(flag(args, '--state'));
  const svgPath = flag(args, '--svg');
  if (svgPath) {
    writeFileSync(svgPath, dagToSvg(dag, states));
    process.stdout.write(`wrote ${svgPath}\n`);
  } else {
    process.stdout.write(dagToMermaid(dag, states));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
