import type { FC } from 'hono/jsx';
import { formatMetric, runPath } from '../format';
import type { ApprovalDetail, ArtifactLink } from '../views';
import { ActorField, Notice, SignInToAct, Time } from './components';
import { Layout, type PageFrame } from './layout';

export interface ApprovalPageProps {
  readonly frame: PageFrame;
  readonly workflowId: string;
  /** null: the run waits for no approval (decided, timed out, or never asked). */
  readonly approval: ApprovalDetail | null;
  readonly actor: string;
  readonly reason?: string;
  readonly error?: string;
}

// As images, not inlined: an SVG artifact's scripts (if one were tampered with) do not run in <img>.
const Plot: FC<{ plot: ArtifactLink }> = ({ plot }) => (
  <figure class="plot">
    <img src={plot.href} alt={plot.label} />
    <figcaption>
      <a href={plot.href} target="_blank" rel="noopener">
        {plot.label}
      </a>{' '}
      · <a href={`${plot.href}&format=png`}>PNG</a>
    </figcaption>
  </figure>
);

const Evidence: FC<{ a: ApprovalDetail }> = ({ a }) => (
  <>
    <h2>Candidate against champion</h2>
    <table class="metrics">
      <thead>
        <tr>
          <th>Metric</th>
          <th>Candidate {a.awaiting.version === undefined ? '' : `v${a.awaiting.version}`}</th>
          <th>Champion {a.championVersion === undefined ? '(none)' : `v${a.championVersion}`}</th>
          <th>Δ</th>
        </tr>
      </thead>
      <tbody>
        {a.metrics.map((m) => {
          const delta = m.candidate !== undefined && m.champion !== undefined ? m.candidate - m.champion : undefined;
          return (
            <tr data-metric={m.name}>
              <td>{m.name}</td>
              <td class="num">{formatMetric(m.candidate)}</td>
              <td class="num">{formatMetric(m.champion)}</td>
              <td class={`num ${delta === undefined ? '' : delta >= 0 ? 'better' : 'worse'}`}>
                {delta === undefined ? '' : `${delta >= 0 ? '+' : ''}${delta.toFixed(3)}`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
    {a.gate ? (
      <>
        <h2>Gate {a.gate.passed ? <span class="pass">passed</span> : <span class="fail">failed</span>}</h2>
        <ul class="checks">
          {a.gate.checks.map((check) => (
            <li class={check.passed ? 'pass' : 'fail'}>
              {check.passed ? '✓' : '✗'} {check.text}
            </li>
          ))}
        </ul>
      </>
    ) : null}
    {a.plots.length > 0 ? (
      <>
        <h2>Plots</h2>
        <div class="plots">
          {a.plots.map((p) => (
            <Plot plot={p} />
          ))}
        </div>
      </>
    ) : null}
    <div class="columns">
      {a.dataset ? (
        <section>
          <h2>Dataset</h2>
          <dl class="meta">
            <dt>Rows</dt>
            <dd>{a.dataset.rows ?? ''}</dd>
            <dt>Labels</dt>
            <dd>
              {Object.entries(a.dataset.labelCounts ?? {})
                .map(([label, n]) => `${label} ${n}`)
                .join(' · ')}
            </dd>
            <dt>Interval</dt>
            <dd>{a.dataset.interval ? `${a.dataset.interval.start.slice(0, 10)} → ${a.dataset.interval.end.slice(0, 10)}` : ''}</dd>
            <dt>sha256</dt>
            <dd>
              <code>{a.dataset.sha256?.slice(0, 16) ?? ''}</code>
            </dd>
          </dl>
          {a.dataset.manifest ? <a href={a.dataset.manifest.href}>{a.dataset.manifest.label}</a> : null}
        </section>
      ) : null}
      {a.drift ? (
        <section>
          <h2>Drift {a.drift.passed === undefined ? '' : a.drift.passed ? <span class="pass">ok</span> : <span class="fail">drifted</span>}</h2>
          <ul class="checks">
            {a.drift.checks.map((d) => (
              <li>{d.text}</li>
            ))}
          </ul>
          {a.drift.report ? <a href={a.drift.report.href}>{a.drift.report.label}</a> : null}
        </section>
      ) : null}
    </div>
  </>
);

const DecisionForm: FC<{ a: ApprovalDetail; actor: string; reason: string }> = ({ a, actor, reason }) => (
  <form method="post" class="decision">
    <input type="hidden" name="taskId" value={a.taskId} />
    {a.awaiting.model ? <input type="hidden" name="model" value={a.awaiting.model} /> : null}
    {a.awaiting.version !== undefined ? <input type="hidden" name="version" value={String(a.awaiting.version)} /> : null}
    <ActorField value={actor} label="Reviewer" />
    <label class="field wide">
      <span>Reason</span>
      <textarea name="reason" rows={3} maxlength={1000} placeholder="why (recorded with the decision)">
        {reason}
      </textarea>
    </label>
    <div class="buttons">
      <button type="submit" name="decision" value="approve" class="primary">
        Approve {a.awaiting.model ?? ''} {a.awaiting.version === undefined ? '' : `v${a.awaiting.version}`}
      </button>
      <button type="submit" name="decision" value="reject" class="danger">
        Reject
      </button>
    </div>
  </form>
);

export const ApprovalPage: FC<ApprovalPageProps> = ({ frame, workflowId, approval, actor, reason, error }) => (
  <Layout title={approval?.prompt ?? 'Approval'} frame={frame}>
    <p>
      Run <a href={runPath(workflowId)}>{workflowId}</a>
      {approval ? (
        <>
          {' '}
          · task <code>{approval.taskId}</code> · decided by default at <Time iso={approval.awaiting.deadline} /> ·{' '}
          <a href={approval.temporalUiUrl} target="_blank" rel="noopener">
            Temporal UI ↗
          </a>
        </>
      ) : null}
    </p>
    <Notice kind="error" text={error} />
    {approval ? (
      <>
        <Evidence a={approval} />
        <h2>Decision</h2>
        {frame.access === 'operator' ? (
          <DecisionForm a={approval} actor={actor} reason={reason ?? ''} />
        ) : (
          <SignInToAct next={frame.path} writable={frame.access !== 'read-only'} what="approve or reject" />
        )}
      </>
    ) : (
      <p class="muted">This run is not waiting for an approval now.</p>
    )}
  </Layout>
);
