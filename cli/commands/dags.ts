import { z } from 'zod';
import { DAGS, getDag } from '../../client';
import { dagToMermaid, type DagSpec, type TaskState } from '../../common/dag';
import { defineCommand } from './command';
import { parseOptions, parsePositional, WorkflowIdSchema } from './option-schema';
import { table, writeJson } from './output';
import { PICTURE_OPTIONS, PictureOptionsSchema, writePictures } from './pictures';

export const dagsListCommand = defineCommand({
  command: 'dags list',
  positionals: [],
  summary: 'List the DAGs that can be started (id = workflow type).',
  options: { json: { type: 'boolean', description: 'print id and summary as JSON' } },
  async run(args, { io }) {
    const dags = Object.values(DAGS).map((d) => ({ id: d.id, tasks: d.tasks.length, summary: d.summary }));
    if (args.flag('json')) writeJson(io, dags);
    else
      io.stdout.write(
        table(
          ['DAG', 'TASKS', 'SUMMARY'],
          dags.map((d) => [d.id, String(d.tasks), d.summary]),
        ),
      );
  },
});

interface ParamInfo {
  name: string;
  type: string;
  default?: unknown;
  description?: string;
}

/** Params with type, default and description, read from the DAG's zod schema. */
export function paramsOf(dag: DagSpec): ParamInfo[] {
  const schema = z.toJSONSchema(dag.params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string; enum?: unknown[]; default?: unknown; description?: string }>;
  };
  return Object.entries(schema.properties ?? {}).map(([name, p]) => ({
    name,
    type: p.enum ? p.enum.map((v) => JSON.stringify(v)).join('|') : (p.type ?? 'any'),
    ...(p.default !== undefined ? { default: p.default } : {}),
    ...(p.description ? { description: p.description } : {}),
  }));
}

/** A default as JSON, cut to fit a table column (`--json` shows it whole). */
function shorten(value: unknown): string {
  if (value === undefined) return '';
  const json = JSON.stringify(value);
  return json.length > 32 ? `${json.slice(0, 31)}…` : json;
}

export const dagsShowCommand = defineCommand({
  command: 'dags show',
  positionals: ['<dag>'],
  summary: 'Show a DAG: summary, params (type, default, description) and tasks with their dependencies.',
  options: { json: { type: 'boolean', description: 'print the same as JSON' } },
  async run(args, { io }) {
    const dag = getDag(args.positionals[0]!);
    const params = paramsOf(dag);
    const tasks = dag.tasks.map((t) => ({ id: t.id, kind: t.kind, deps: [...t.deps], triggerRule: t.triggerRule }));
    if (args.flag('json')) {
      writeJson(io, { id: dag.id, summary: dag.summary, docs: dag.docs, params, tasks });
      return;
    }
    io.stdout.write(`${dag.id}: ${dag.summary}\n${dag.docs ? `${dag.docs}\n` : ''}\nparams (factory run ${dag.id} --param name=value):\n`);
    io.stdout.write(
      table(
        ['  NAME', 'TYPE', 'DEFAULT', 'DESCRIPTION'],
        params.map((p) => [`  ${p.name}`, p.type, shorten(p.default), p.description ?? '']),
      ),
    );
    io.stdout.write('\ntasks:\n');
    io.stdout.write(
      table(
        ['  TASK', 'KIND', 'TRIGGER', 'AFTER'],
        tasks.map((t) => [`  ${t.id}`, t.kind, t.triggerRule, t.deps.join(', ')]),
      ),
    );
  },
});

export const dagsGraphCommand = defineCommand({
  command: 'dags graph',
  positionals: ['<dag>'],
  summary: "Print a DAG as Mermaid, or write it as SVG or PNG; --run colours tasks by a run's state.",
  options: {
    ...PICTURE_OPTIONS,
    run: { type: 'string', value: '<workflowId>', description: 'colour the tasks by the state of this run, with tries and timings (connects to Temporal)' },
  },
  details: [
    'Without --svg or --png, prints a Mermaid flowchart (GitHub renders it in Markdown). The pictures are laid out by',
    'dagre: tasks left to right after their dependencies, shaped by kind (branch pointed, approval octagon, map a',
    'stack), coloured by state with a legend.',
    '',
    'example: factory dags graph weekly_retraining --png weekly.png --width 1600',
  ].join('\n'),
  async run(args, { io, client }) {
    const dag = getDag(args.positionals[0]!);
    const targets = parseOptions(args, dagsGraphCommand.options, PictureOptionsSchema);
    const runText = args.string('run');
    const runId = runText === undefined ? undefined : parsePositional('--run', runText, WorkflowIdSchema);
    const tasks = runId ? (await (await client()).getRun(runId)).tasks : undefined;
    if (writePictures(io, dag, targets, tasks)) return;
    const states: Record<string, TaskState> | undefined = tasks && Object.fromEntries(tasks.map((t) => [t.taskId, t.state]));
    io.stdout.write(dagToMermaid(dag, states));
  },
});
