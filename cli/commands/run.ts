import { prepareRun } from '../../client';
import { followRun } from '../progress';
import { defineCommand } from './command';
import { parseParamFlags } from './params';
import { runExitCode, writeJson } from './output';

export const runCommand = defineCommand({
  command: 'run',
  positionals: ['<dag>'],
  summary: 'Start a run of a DAG and follow it task by task until it ends.',
  options: {
    param: {
      type: 'string',
      multiple: true,
      value: 'key=value',
      description: 'a DAG param; the value is JSON when it parses (3, true, {"a":1}), else a string; key.sub=value sets a nested field',
    },
    'logical-date': {
      type: 'string',
      value: 'ISO',
      description: 'logical date of the run, e.g. 2002-09-30T03:00:00Z (default: now); fixes the data interval and the run id',
    },
    json: { type: 'boolean', description: 'print nothing while following, then the final run as JSON (with --detach: the started run)' },
    detach: { type: 'boolean', description: 'print the workflow id and return at once; follow later with `factory status`' },
  },
  details: [
    "Params are checked with the DAG's zod schema before anything is sent (exit 2 names every bad param).",
    'Run ids are business keys: weekly_retraining/<model>/<ISO week>, <dag>/<logical date> for other DAGs. When',
    'the key already has a run (running or completed), nothing new starts: the command follows that run.',
    'In a terminal the per-task picture is redrawn in place; piped, one line per task state change.',
    'Ctrl-C stops following; the run goes on. Exit 0 when the run succeeded, 1 when it failed.',
    '',
    'example: factory run weekly_retraining --param modelName=spam --param epochs=3 --logical-date 2002-09-30T03:00:00Z',
  ].join('\n'),
  async run(args, { io, client, pollIntervalMs, sleep }) {
    const dagId = args.positionals[0]!;
    const params = parseParamFlags(args.list('param'));
    // Checked here, before connecting, so a typo never waits on the network.
    const prepared = prepareRun(dagId, { params, logicalDate: args.string('logical-date') });
    const factory = await client();
    const started = await factory.startRun(dagId, { params, logicalDate: prepared.logicalDate });
    const json = args.flag('json');
    if (args.flag('detach')) {
      if (json) writeJson(io, started);
      else io.stdout.write(`${started.workflowId}\n`);
      return;
    }
    if (!json) {
      const how = started.alreadyRunning ? `already has a run (${started.executionStatus}); following it` : 'started';
      io.stdout.write(`${started.workflowId} ${how} · run ${started.runId}\n`);
    }
    const mode = json ? 'quiet' : io.stdout.isTTY ? 'tty' : 'lines';
    const view = await followRun(factory, started.workflowId, { mode, out: io.stdout, intervalMs: pollIntervalMs, sleep });
    if (json) writeJson(io, view);
    return runExitCode(view);
  },
});
