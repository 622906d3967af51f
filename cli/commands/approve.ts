import { PROMOTION_APPROVAL_TASK, type FactoryClient } from '../../client';
import type { ApprovalDecision } from '../../common/dag';
import { InvalidArgumentError } from '../main-wrapper';
import { defineCommand, type Command } from './command';
import { versionNumber } from './models';
import { parsePositional, TaskIdSchema, WorkflowIdSchema } from './option-schema';
import { writeJson } from './output';

/**
 * An approval must say which version was reviewed when the run awaits one: otherwise a person
 * who reviewed last week's candidate, or read the wrong tab, promotes whatever waits now. The
 * run's own validator refuses a wrong version; this refuses a missing one, naming the right one.
 */
async function requireReviewedVersion(factory: FactoryClient, workflowId: string, taskId: string): Promise<void> {
  const awaiting = (await factory.getRun(workflowId)).awaitingApproval;
  if (awaiting?.version === undefined || awaiting.taskId !== taskId) return;
  throw new InvalidArgumentError(
    `--version is required: ${workflowId} awaits approval of ${awaiting.model ?? 'the model'} v${awaiting.version}; ` +
      `review it (\`factory models show ${awaiting.model ?? '<model>'}\`), then pass --version ${awaiting.version}. Nothing was decided`,
  );
}

function decisionCommand(decision: ApprovalDecision): Command {
  return defineCommand({
    command: decision,
    positionals: ['<workflowId>'],
    summary:
      decision === 'approve'
        ? 'Approve the promotion a run waits for (weekly_retraining with approval=manual).'
        : 'Reject the promotion a run waits for; the champion stays.',
    options: {
      by: { type: 'string', required: true, value: '<name>', description: 'who decides; recorded with the decision' },
      reason: { type: 'string', value: '<text>', description: 'why; recorded with the decision' },
      task: { type: 'string', value: '<taskId>', description: 'the approval task (default approve_promotion)' },
      version: {
        type: 'string',
        value: '<N>',
        description:
          decision === 'approve'
            ? 'the model version you reviewed (required when the run awaits a version); the run refuses the decision if another one awaits approval'
            : 'the model version you reviewed; the run refuses the decision if another one awaits approval',
      },
      model: { type: 'string', value: '<name>', description: 'the model you reviewed; the run refuses the decision if it awaits another model' },
      json: { type: 'boolean', description: 'print the recorded outcome as JSON' },
    },
    details: [
      'Sends the decideApproval Update; the run refuses (exit 1, with its reason) when the task is not waiting for approval',
      'or --version/--model name another candidate than the one it awaits.',
      ...(decision === 'approve'
        ? ['Without --version, a run that awaits a model version is not approved (exit 2): the message names the version to review.']
        : []),
      '`factory status <workflowId>` shows what awaits approval.',
      '',
      `example: factory ${decision} weekly_retraining/spam/2002-W39 --by alice --reason "F1 up 2 points" --version 7`,
    ].join('\n'),
    async run(args, { io, client }) {
      const versionText = args.string('version');
      // Parsed before connecting, so a bad value changes nothing.
      const version = versionText === undefined ? undefined : versionNumber(versionText, '--version');
      const workflowId = parsePositional('<workflowId>', args.positionals[0]!, WorkflowIdSchema);
      const taskText = args.string('task');
      const taskId = taskText === undefined ? undefined : parsePositional('--task', taskText, TaskIdSchema);
      const factory = await client();
      if (decision === 'approve' && version === undefined) await requireReviewedVersion(factory, workflowId, taskId ?? PROMOTION_APPROVAL_TASK);
      const input = {
        workflowId,
        by: args.string('by')!,
        reason: args.string('reason'),
        taskId,
        version,
        model: args.string('model'),
      };
      const outcome = decision === 'approve' ? await factory.approvePromotion(input) : await factory.rejectPromotion(input);
      if (args.flag('json')) writeJson(io, outcome);
      else io.stdout.write(`${input.workflowId}: ${outcome.decision} by ${outcome.by}${outcome.reason ? ` (${outcome.reason})` : ''}\n`);
    },
  });
}

export const approveCommand = decisionCommand('approve');
export const rejectCommand = decisionCommand('reject');
