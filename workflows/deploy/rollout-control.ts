import { defineQuery, defineUpdate, setHandler } from '@temporalio/workflow';

/** Who asked for a change of course, why, and when (workflow time). */
export interface OperatorCommand {
  readonly by: string;
  readonly reason: string;
  readonly at: string;
}

/**
 * What operators asked of a running rollout. It lives in the workflow (each command is an Update
 * in its history); the rollout's poke activity reads it with `getRolloutControl` before it moves.
 */
export interface RolloutControl {
  /** Set while paused: the stage keeps its traffic and is neither analysed nor timed out. */
  readonly paused: OperatorCommand | null;
  /** The last resume; the stage's analysis window starts again from it. */
  readonly resumed: OperatorCommand | null;
  readonly promoteNow: OperatorCommand | null;
  readonly abort: OperatorCommand | null;
}

export interface OperatorRequest {
  readonly by: string;
  readonly reason?: string;
}

export const getRolloutControlQuery = defineQuery<RolloutControl>('getRolloutControl');
/** Holds the current stage: no analysis, no next step, no timeout, until resumeRollout. */
export const pauseRolloutUpdate = defineUpdate<RolloutControl, [OperatorRequest]>('pauseRollout');
export const resumeRolloutUpdate = defineUpdate<RolloutControl, [OperatorRequest]>('resumeRollout');
/** Skips the remaining stages and promotes the challenger. */
export const promoteNowUpdate = defineUpdate<RolloutControl, [OperatorRequest]>('promoteNow');
/** Ends the rollout: traffic back to the champion, the challenger rejected with the reason. */
export const abortRolloutUpdate = defineUpdate<RolloutControl, [OperatorRequest]>('abortRollout');

const MAX_BY_CHARS = 200;
const MAX_REASON_CHARS = 2_000;

function checkRequest(request: OperatorRequest | undefined): void {
  const by: unknown = request?.by;
  if (typeof by !== 'string' || by.trim() === '' || by.length > MAX_BY_CHARS) {
    throw new Error(`by must name who asks in 1 to ${MAX_BY_CHARS} characters (got ${JSON.stringify(by)})`);
  }
  const reason: unknown = request?.reason;
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > MAX_REASON_CHARS)) {
    throw new Error(
      `reason must be text of at most ${MAX_REASON_CHARS} characters (got ${typeof reason === 'string' ? `${reason.length} characters` : JSON.stringify(reason)})`,
    );
  }
}

/**
 * Registers the rollout's Query and Updates; deploy_model calls it before the DAG engine starts.
 * Handlers issue no command, so histories replay the same with or without a command.
 */
export function registerRolloutControl(): void {
  let control: RolloutControl = { paused: null, resumed: null, promoteNow: null, abort: null };
  const command = (request: OperatorRequest, fallback: string): OperatorCommand => ({
    by: request.by.trim(),
    reason: request.reason?.trim() || fallback,
    at: new Date().toISOString(),
  });
  const ending = (): void => {
    const end = control.abort ?? control.promoteNow;
    if (end) throw new Error(`the rollout is already ending: ${control.abort ? 'abort' : 'promote now'} asked by ${end.by} at ${end.at}`);
  };
  setHandler(getRolloutControlQuery, () => control);
  setHandler(pauseRolloutUpdate, (request) => (control = { ...control, paused: command(request, 'paused by an operator') }), {
    validator: (request) => {
      checkRequest(request);
      ending();
      if (control.paused) throw new Error(`the rollout is already paused (by ${control.paused.by} at ${control.paused.at})`);
    },
  });
  setHandler(resumeRolloutUpdate, (request) => (control = { ...control, paused: null, resumed: command(request, 'resumed by an operator') }), {
    validator: (request) => {
      checkRequest(request);
      ending();
      if (!control.paused) throw new Error('the rollout is not paused');
    },
  });
  setHandler(promoteNowUpdate, (request) => (control = { ...control, promoteNow: command(request, 'promoted by an operator') }), {
    validator: (request) => {
      checkRequest(request);
      ending();
    },
  });
  setHandler(abortRolloutUpdate, (request) => (control = { ...control, abort: command(request, 'aborted by an operator') }), {
    validator: (request) => {
      checkRequest(request);
      ending();
    },
  });
}
