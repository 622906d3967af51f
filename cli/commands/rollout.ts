import { z } from 'zod';
import { steerRollout, type RolloutAction } from '../../client/operator';
import { ModelNameSchema } from '../../common/validation';
import { deployWorkflowId } from '../../workflows/deploy/deploy-workflow-id';
import type { RolloutControl } from '../../workflows/deploy/rollout-control';
import { defineCommand, type Command } from './command';
import { versionNumber } from './models';
import { parseOptions, parsePositional } from './option-schema';
import { writeJson } from './output';

const SUMMARIES: Record<RolloutAction, string> = {
  pause: "Pause a model version's rollout (deploy_model): the stage keeps its traffic and is neither analysed nor timed out.",
  resume: "Resume a paused rollout; the stage's analysis window starts again from now.",
  promote: 'Promote the challenger now: the next poke ends the rollout with promote_now, recorded with who asked.',
  abort: 'Abort a rollout: traffic goes back to the champion and the challenger is rejected, recorded with who asked.',
};
const UPDATES: Record<RolloutAction, string> = { pause: 'pauseRollout', resume: 'resumeRollout', promote: 'promoteNow', abort: 'abortRollout' };
const DONE: Record<RolloutAction, string> = {
  pause: 'paused',
  resume: 'resumed',
  promote: 'promoting now (the next poke promotes)',
  abort: 'aborting (the next poke rolls back)',
};

// The same bounds as the rollout's validator (workflows/deploy/rollout-control.ts), checked before connecting.
const RequestSchema = z.object({
  by: z
    .string()
    .max(200, 'expected a name of at most 200 characters')
    .refine((by) => by.trim() !== '', 'expected who asks, such as --by alice'),
  reason: z.string().max(2_000, 'expected a reason of at most 2000 characters').optional(),
});

const options = {
  by: { type: 'string', required: true, value: '<name>', description: 'who asks; recorded in the run and in the registry history' },
  reason: { type: 'string', value: '<text>', description: 'why; recorded with the command' },
  json: { type: 'boolean', description: "print the rollout's control state after the command as JSON" },
} as const;

function rolloutCommand(action: RolloutAction): Command {
  return defineCommand({
    command: `rollout ${action}`,
    positionals: ['<model>', '<version>'],
    summary: SUMMARIES[action],
    options,
    details: [
      `Sends the ${UPDATES[action]} Update to the rollout of that version (workflow id deploy_model/<model>/v<version>).`,
      "Exit 1 with the rollout's reason when it refuses (a second pause, a resume when not paused, anything after promote or abort,",
      'a rollout that has ended), 3 when the version has no rollout.',
      '',
      `example: factory rollout ${action} spam 7 --by alice --reason "checking dashboards"`,
    ].join('\n'),
    async run(args, { io, client }) {
      const model = parsePositional('<model>', args.positionals[0]!, ModelNameSchema);
      const version = versionNumber(args.positionals[1]!, '<version>');
      const request = parseOptions(args, options, RequestSchema);
      const workflowId = deployWorkflowId(model, version);
      const control = await steerRollout((await client()).temporal, workflowId, action, {
        by: request.by,
        ...(request.reason !== undefined ? { reason: request.reason } : {}),
      });
      if (args.flag('json')) writeJson(io, { workflowId, ...control });
      else io.stdout.write(`${workflowId}: ${DONE[action]} by ${request.by.trim()}${describeReason(action, control)}\n`);
    },
  });
}

/** The reason the rollout recorded (its own fallback when none was given). */
function describeReason(action: RolloutAction, control: RolloutControl): string {
  const command = { pause: control.paused, resume: control.resumed, promote: control.promoteNow, abort: control.abort }[action];
  return command ? ` (${command.reason})` : '';
}

export const rolloutPauseCommand = rolloutCommand('pause');
export const rolloutResumeCommand = rolloutCommand('resume');
export const rolloutPromoteCommand = rolloutCommand('promote');
export const rolloutAbortCommand = rolloutCommand('abort');
