import { renderRun } from '../progress';
import { defineCommand } from './command';
import { runExitCode, writeJson } from './output';

export const statusCommand = defineCommand({
  command: 'status',
  positionals: ['<workflowId>'],
  summary: "Show a run's state per task (live from the run, or its result once closed).",
  options: { json: { type: 'boolean', description: 'print the run as JSON (RunView of the typed client)' } },
  details: 'Exit 0 when the run is going or succeeded, 1 when it failed, was cancelled or terminated, 3 when no run has the id.',
  async run(args, { io, client }) {
    const view = await (await client()).getRun(args.positionals[0]!);
    if (args.flag('json')) writeJson(io, view);
    else io.stdout.write(`${renderRun(view, Date.now()).join('\n')}\n`);
    return runExitCode(view);
  },
});
