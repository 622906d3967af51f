import type { FC } from 'hono/jsx';
import { formatDay, formatDuration, runPath } from '../format';
import type { OperatorCommand } from '../../workflows/deploy/rollout-control';
import type { RolloutAction, RolloutView, RunDetail, TaskRow } from '../views';
import { ActorField, Notice, Outcome, SignInToAct, StateChip, Time } from './components';
import { Layout, type PageFrame } from './layout';

export interface RunPageProps {
  readonly frame: PageFrame;
  readonly run: RunDetail;
  /** The graph, already rendered (lib/graph's SVG, coloured by state). */
  readonly graphSvg: string | undefined;
  readonly actor: string;
  readonly notice?: { kind: 'ok' | 'error'; text: string };
}

/** The form the task buttons submit (they live in the refreshing table; the name field must not). */
const ACTION_FORM = 'run-actions';

function progressText(task: TaskRow): string {
  if (!task.progress) return '';
  const loss = task.progress.loss === undefined ? '' : ` loss ${task.progress.loss.toFixed(3)}`;
  return `epoch ${task.progress.epoch}/${task.progress.epochs}${loss}`;
}

const TaskTable: FC<{ run: RunDetail; operator: boolean }> = ({ run, operator }) => (
  <table class="tasks">
    <thead>
      <tr>
        <th>Task</th>
        <th>State</th>
        <th>Tries</th>
        <th>Started</th>
        <th>Ended</th>
        <th>Duration</th>
        <th>Progress</th>
        <th>Error / decision</th>
        <th>Artifacts</th>
        {operator ? <th>Actions</th> : null}
      </tr>
    </thead>
    <tbody>
      {run.tasks.map((t) => (
        <tr id={`task-${t.id}`} data-task-row={t.id} data-state={t.state}>
          <td>
            <strong>{t.id}</strong>
            {t.kind === 'activity' ? null : <span class="muted"> {t.kind.replace(/_/g, ' ')}</span>}
          </td>
          <td>
            <StateChip state={t.state} />
          </td>
          <td class="num">{t.tries > 0 ? t.tries : ''}</td>
          <td>{t.startedAt ? <Time iso={t.startedAt} /> : ''}</td>
          <td>{t.endedAt ? <Time iso={t.endedAt} /> : ''}</td>
          <td class="num">{t.durationMs === undefined ? '' : formatDuration(t.durationMs)}</td>
          <td>{progressText(t)}</td>
          <td class="error-text">
            {t.error ? <span class="error">{t.error}</span> : null}
            {t.decision ? (
              <span>
                {t.decision.decision === 'approve' ? 'approved' : 'rejected'} by {t.decision.by}
                {t.decision.reason ? `: ${t.decision.reason}` : ''}
              </span>
            ) : null}
          </td>
          <td>
            {t.artifacts.map((a) => (
              <a class="artifact" href={a.href} target="_blank" rel="noopener" title={a.uri}>
                {a.label}
              </a>
            ))}
          </td>
          {operator ? (
            <td>
              {t.actions.map((action) => (
                <button type="submit" form={ACTION_FORM} formaction={runPath(run.meta.workflowId, `/tasks/${encodeURIComponent(t.id)}/${action}`)}>
                  {action}
                </button>
              ))}
            </td>
          ) : null}
        </tr>
      ))}
    </tbody>
  </table>
);

const ROLLOUT_BUTTONS: Record<RolloutAction, { label: string; danger: boolean }> = {
  pause: { label: 'Pause', danger: false },
  resume: { label: 'Resume', danger: false },
  promote: { label: 'Promote now', danger: false },
  abort: { label: 'Abort', danger: true },
};

const Command: FC<{ what: string; command: OperatorCommand | null }> = ({ what, command }) =>
  command ? (
    <>
      <dt>{what}</dt>
      <dd>
        by <strong>{command.by}</strong> <Time iso={command.at} />: {command.reason}
      </dd>
    </>
  ) : null;

/** A deploy_model run: its stage, the operators' commands, the decision, and the rollout's Updates. */
const Rollout: FC<{ run: RunDetail; rollout: RolloutView; operator: boolean }> = ({ run, rollout, operator }) => (
  <section class="rollout" id="rollout" data-paused={String(rollout.paused !== null)} data-stage={rollout.stage ?? ''}>
    <h2>
      Rollout of {rollout.model} v{rollout.version}
    </h2>
    <dl class="meta wide">
      {rollout.stage !== undefined ? (
        <>
          <dt>Stage</dt>
          <dd>
            <strong>{rollout.stage}</strong> (<a href={`/models/${encodeURIComponent(rollout.model)}`}>traffic history</a>)
          </dd>
        </>
      ) : null}
      <dt>State</dt>
      <dd>{rollout.paused ? <strong class="fail">paused</strong> : rollout.decision ? 'ended' : run.closed ? 'closed' : 'running'}</dd>
      <Command what="Paused" command={rollout.paused} />
      <Command what="Last resumed" command={rollout.resumed} />
      <Command what="Promote now" command={rollout.promoteNow} />
      <Command what="Abort" command={rollout.abort} />
      {rollout.decision ? (
        <>
          <dt>Decision</dt>
          <dd data-decision={rollout.decision}>
            <strong>{rollout.decision.replace(/_/g, ' ')}</strong>
            {rollout.reasons ? `: ${rollout.reasons.join('; ')}` : ''}
          </dd>
        </>
      ) : null}
    </dl>
    {rollout.unavailable ? <p class="notice notice-error">The rollout's control state could not be read: {rollout.unavailable}</p> : null}
    {operator && rollout.actions.length > 0 ? (
      <p class="rollout-actions">
        {rollout.actions.map((action) => (
          <button
            type="submit"
            form={ACTION_FORM}
            class={ROLLOUT_BUTTONS[action].danger ? 'danger' : undefined}
            formaction={runPath(run.meta.workflowId, `/rollout/${action}`)}
            data-rollout-action={action}
          >
            {ROLLOUT_BUTTONS[action].label}
          </button>
        ))}
      </p>
    ) : null}
  </section>
);

/**
 * The part of the run page that follows the run: graph, progress and tasks. While the run is open
 * it asks for itself again every 2 s; the closed run's fragment has no trigger, so polling stops.
 */
export const RunLive: FC<{ run: RunDetail; graphSvg: string | undefined; operator: boolean }> = ({ run, graphSvg, operator }) => {
  const poll = run.closed ? {} : { 'hx-get': runPath(run.meta.workflowId, '/live'), 'hx-trigger': 'every 2s', 'hx-swap': 'outerHTML' };
  return (
    <section id="run-live" data-closed={String(run.closed)} {...poll}>
      <p class="progress">
        <strong>{run.meta.status.toLowerCase().replace(/_/g, ' ')}</strong> · {run.progress} · <Outcome outcome={run.meta.outcome} />
        {run.meta.closedAt ? (
          <>
            {' '}
            · closed <Time iso={run.meta.closedAt} />
          </>
        ) : null}
      </p>
      {run.failure ? <p class="notice notice-error">{run.failure}</p> : null}
      {run.approval ? (
        <p class="notice notice-wait">
          Waiting for approval{run.approval.prompt ? `: ${run.approval.prompt}` : ''} (until <Time iso={run.approval.deadline} />) ·{' '}
          <a href={runPath(run.meta.workflowId, '/approval')}>review and decide</a>
        </p>
      ) : null}
      {run.rollout ? <Rollout run={run} rollout={run.rollout} operator={operator} /> : null}
      {graphSvg ? (
        <div class="graph" dangerouslySetInnerHTML={{ __html: graphSvg }}></div>
      ) : (
        <p class="muted">No graph: this workflow is not a DAG of the catalog.</p>
      )}
      <TaskTable run={run} operator={operator} />
      {operator && run.runActions.includes('fail-run') ? (
        <p>
          <button type="submit" class="danger" form={ACTION_FORM} formaction={runPath(run.meta.workflowId, '/fail')}>
            Fail the run
          </button>
        </p>
      ) : null}
    </section>
  );
};

export const RunPage: FC<RunPageProps> = ({ frame, run, graphSvg, actor, notice }) => {
  const operator = frame.access === 'operator';
  const m = run.meta;
  return (
    <Layout title={m.workflowId} frame={frame}>
      <dl class="meta wide">
        <dt>DAG</dt>
        <dd>{m.dagId ?? ''}</dd>
        <dt>Model</dt>
        <dd>{m.model ?? ''}</dd>
        <dt>Logical date</dt>
        <dd>{formatDay(m.logicalDate)}</dd>
        <dt>Trigger</dt>
        <dd>{m.runKind ?? ''}</dd>
        <dt>Started</dt>
        <dd>
          <Time iso={m.startedAt} />
        </dd>
        <dt>Links</dt>
        <dd>
          <a href={run.temporalUiUrl} target="_blank" rel="noopener">
            Temporal UI ↗
          </a>{' '}
          · <a href={runPath(m.workflowId, '/graph.png')}>graph as PNG</a>
        </dd>
      </dl>
      {notice ? <Notice kind={notice.kind} text={notice.text} /> : null}
      {operator ? (
        <form id={ACTION_FORM} method="post" class="actor-form">
          <ActorField value={actor} label="Acting as (recorded with every action)" />
          {run.rollout && run.rollout.actions.length > 0 ? (
            <label class="field wide">
              <span>Reason (rollout actions; recorded with the command)</span>
              <input name="reason" maxlength={2000} placeholder="why the rollout pauses, resumes, is promoted or aborted" />
            </label>
          ) : null}
        </form>
      ) : (
        <SignInToAct
          next={frame.path}
          writable={frame.access !== 'read-only'}
          what={run.rollout ? 'pause, resume, promote or abort the rollout' : 'retry, skip or fail tasks'}
        />
      )}
      {/* Outside the refreshing part, so the choice survives each refresh; CSS alone applies it. */}
      <label class="graph-fit">
        <input type="checkbox" id="graph-fit" /> fit the graph to the page width
      </label>
      <RunLive run={run} graphSvg={graphSvg} operator={operator} />
    </Layout>
  );
};
