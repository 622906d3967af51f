import type { ApprovalDecision } from '../../common/dag';
import { defineCommand, type Command } from './command';
import { versionNumber } from './models';
import { writeJson } from './output';

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
      version: { type: 'string', value: '<N>', description: 'the model version you reviewed; the run refuses the decision if another one awaits approval' },
      model: { type: 'string', value: '<name>', description: 'the model you reviewed; the run refuses the decision if it awaits another model' },
      json: { type: 'boolean', description: 'print the recorded outcome as JSON' },
    },
    details: 'Sends the decideApproval Update; the run refuses (exit 1, with its reason) when the task is not waiting for approval.',
    async run(args, { io, client }) {
      const versionText = args.string('version');
      // Parsed before connecting, so a bad value changes nothing.
      const version = versionText === undefined ? undefined : versionNumber(versionText, '--version');
      const factory = await client();
      const input = {
        workflowId: args.positionals[0]!,
        by: args.string('by')!,
        reason: args.string('reason'),
        taskId: args.string('task'),
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
