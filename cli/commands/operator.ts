import type { TaskStatus } from '../../common/dag';
import { defineCommand } from './command';
import { parsePositional, TaskIdSchema, WorkflowIdSchema } from './option-schema';
import { writeJson } from './output';

const json = { type: 'boolean', description: 'print the answer as JSON' } as const;
const REFUSED = "Exit 1 with the run's reason when it refuses (the task is not paused, the run has ended), 3 when no run has the id.";

function taskLine(workflowId: string, status: TaskStatus): string {
  return `${workflowId}: ${status.taskId} ${status.state}${status.tries > 1 ? ` (try ${status.tries})` : ''}\n`;
}

function taskCommand(action: 'retry' | 'skip') {
  return defineCommand({
    command: action,
    positionals: ['<workflowId>', '<taskId>'],
    summary:
      action === 'retry'
        ? 'Run a task paused on failure again (DAGs with onTaskFailure: pause); the run goes on from there.'
        : 'Skip a task paused on failure; its downstream sees it as skipped (trigger rules decide what runs).',
    options: { json },
    details: [
      `Sends the ${action}Task Update; the run answers the task's new state. ${REFUSED}`,
      '`factory status <workflowId>` shows which task is paused_on_failure.',
      '',
      `example: factory ${action} weekly_retraining/spam/2002-W39 train_model`,
    ].join('\n'),
    async run(args, { io, client }) {
      const workflowId = parsePositional('<workflowId>', args.positionals[0]!, WorkflowIdSchema);
      const taskId = parsePositional('<taskId>', args.positionals[1]!, TaskIdSchema);
      const factory = await client();
      const status = action === 'retry' ? await factory.retryTask(workflowId, taskId) : await factory.skipTask(workflowId, taskId);
      if (args.flag('json')) writeJson(io, status);
      else io.stdout.write(taskLine(workflowId, status));
    },
  });
}

export const retryCommand = taskCommand('retry');
export const skipCommand = taskCommand('skip');

export const failRunCommand = defineCommand({
  command: 'fail-run',
  positionals: ['<workflowId>'],
  summary: 'Stop a run as failed (a paused run an operator gives up on): running tasks are cancelled, teardown tasks still run.',
  options: { json },
  details: [
    `Sends the failRun Update; the run ends with outcome failed ("stopped by an operator"). ${REFUSED}`,
    '',
    'example: factory fail-run weekly_retraining/spam/2002-W39',
  ].join('\n'),
  async run(args, { io, client }) {
    const workflowId = parsePositional('<workflowId>', args.positionals[0]!, WorkflowIdSchema);
    await (await client()).failRun(workflowId);
    if (args.flag('json')) writeJson(io, { workflowId, failRun: 'accepted' });
    else io.stdout.write(`${workflowId}: stopping as failed; \`factory status ${workflowId}\` follows it\n`);
  },
});
