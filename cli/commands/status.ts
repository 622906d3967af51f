import { renderRun } from '../progress';
import { defineCommand } from './command';
import { parseOptions } from './option-schema';
import { runExitCode, writeJson } from './output';
import { PICTURE_OPTIONS, PictureOptionsSchema, runDag, writePictures } from './pictures';

export const statusCommand = defineCommand({
  command: 'status',
  positionals: ['<workflowId>'],
  summary: "Show a run's state per task (live from the run, or its result once closed); --png draws it.",
  options: {
    json: { type: 'boolean', description: 'print the run as JSON (RunView of the typed client)' },
    ...PICTURE_OPTIONS,
  },
  details: [
    "--svg/--png write the run's DAG with every task coloured by its state now, with its try and how long it ran;",
    'the per-task text is printed as well (or the JSON with --json).',
    'Exit 0 when the run is going or succeeded, 1 when it failed, was cancelled or terminated, 3 when no run has the id.',
    '',
    'example: factory status weekly_retraining/spam/2002-W39 --png run.png',
  ].join('\n'),
  async run(args, { io, client }) {
    const targets = parseOptions(args, statusCommand.options, PictureOptionsSchema);
    const view = await (await client()).getRun(args.positionals[0]!);
    if (args.flag('json')) writeJson(io, view);
    else io.stdout.write(`${renderRun(view, Date.now()).join('\n')}\n`);
    if (targets.svg || targets.png) {
      // With --json, stdout holds the JSON alone.
      const out = args.flag('json') ? { ...io, stdout: io.stderr } : io;
      writePictures(out, runDag(io, view.workflowType, view.tasks), targets, view.tasks);
    }
    return runExitCode(view);
  },
});
