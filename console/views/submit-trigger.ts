import { UnknownDagError, InvalidRunParamsError } from '../../client/errors';
import { getDag } from '../../client/dag-catalog';
import { DEFAULT_CALL_TIMEOUT_MS } from '../../client/factory-client';
import { addressOf, withCallDeadline } from '../../client/transport';
import { prepareRun, startPrepared, type PreparedRun } from '../../client/start-run';
import type { RunKind } from '../../common/dag';
import { TASK_QUEUES } from '../../common/task-queues';
import { uiRunUrl } from '../../lib/temporal/ui-links';
import { fieldErrorsOf, parseTriggerForm } from './parse-trigger-form';
import { formModel } from './trigger-form';
import type { Actor, ConsoleDeps, FieldError, TriggerResult } from './types';

/**
 * Starts a run from the trigger form through the client's own path: prepareRun checks the
 * params with the DAG's schema and derives the business-key id, then the client's start
 * attaches to the week's run when it already has one (one run per model and week). Bad input
 * starts nothing and comes back as field errors. The actor is recorded in the run's details
 * ("Started (manual) by ana via the console").
 */
export async function submitTrigger(deps: ConsoleDeps, dagId: string, form: Readonly<Record<string, string>>, actor: Actor): Promise<TriggerResult> {
  let dag;
  try {
    dag = getDag(dagId);
  } catch (err) {
    if (err instanceof UnknownDagError) return { ok: false, errors: [{ field: 'dagId', value: dagId, message: err.message }] };
    throw err;
  }
  if (typeof actor?.name !== 'string' || actor.name.trim() === '') {
    return { ok: false, errors: [{ field: 'actor', value: String(actor?.name ?? ''), message: 'who starts the run: a name such as "ana"' }] };
  }
  const model = formModel(dag);
  const { request, errors } = parseTriggerForm(model, form);
  let prepared: PreparedRun | undefined;
  const problems: FieldError[] = [...errors];
  try {
    prepared = prepareRun(
      dag.id,
      // runKind is text from the form: prepareRun's schema checks it against RUN_KINDS.
      {
        params: request.params,
        ...(request.logicalDate ? { logicalDate: request.logicalDate } : {}),
        ...(request.runKind ? { runKind: request.runKind as RunKind } : {}),
      },
      { startedBy: `${actor.name.trim()} via the ${actor.via}` },
    );
  } catch (err) {
    if (!(err instanceof InvalidRunParamsError)) throw err;
    problems.push(...fieldErrorsOf(err.problems, model.fields, form).filter((p) => !errors.some((e) => e.field === p.field)));
  }
  if (problems.length > 0 || !prepared) return { ok: false, errors: problems };
  const temporal = deps.client.temporal;
  // Under the client's call deadline: a server that is down is TemporalUnavailableError, not a hang.
  const ctx = { client: temporal, address: addressOf(temporal), timeoutMs: DEFAULT_CALL_TIMEOUT_MS };
  const run = prepared;
  const started = await withCallDeadline(ctx, 'startRun', () => startPrepared(temporal, deps.taskQueue ?? TASK_QUEUES.cpu, run));
  return {
    ok: true,
    workflowId: started.workflowId,
    runId: started.runId,
    alreadyRunning: started.alreadyRunning,
    link: uiRunUrl(deps.temporalUiUrl, deps.namespace, started.workflowId, started.runId),
  };
}
