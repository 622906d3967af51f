import type { FC } from 'hono/jsx';
import { formatMetric, runPath } from '../format';
import type { HistoryRow, ModelDetail, ModelsView, TrafficSplit } from '../views';
import { ActorField, Notice, SignInToAct, Time } from './components';
import { Layout, type PageFrame } from './layout';

const modelPath = (name: string) => `/models/${encodeURIComponent(name)}`;

export const ModelsPage: FC<{ frame: PageFrame; view: ModelsView }> = ({ frame, view }) => (
  <Layout title="Models" frame={frame}>
    {view.models.length === 0 ? (
      <p class="muted">No model is registered yet: a successful training run registers its first version.</p>
    ) : (
      <table class="models">
        <thead>
          <tr>
            <th>Model</th>
            <th>Description</th>
            <th>Latest</th>
            <th>Champion</th>
            <th>Challenger</th>
            <th>Champion F1</th>
            <th>ROC-AUC</th>
          </tr>
        </thead>
        <tbody>
          {view.models.map((m) => (
            <tr data-model={m.name}>
              <td>
                <a href={modelPath(m.name)}>{m.name}</a>
              </td>
              <td>{m.description}</td>
              <td class="num">{m.latestVersion === null ? '' : `v${m.latestVersion}`}</td>
              <td class="num" data-champion={m.champion ?? ''}>
                {m.champion === null ? '' : `v${m.champion}`}
              </td>
              <td class="num">{m.challenger === null ? '' : `v${m.challenger}`}</td>
              <td class="num">{formatMetric(m.championMetrics?.f1)}</td>
              <td class="num">{formatMetric(m.championMetrics?.rocAuc)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Layout>
);

const History: FC<{ rows: readonly HistoryRow[] }> = ({ rows }) =>
  rows.length === 0 ? (
    <p class="muted">None yet.</p>
  ) : (
    <table class="history">
      <thead>
        <tr>
          <th>When</th>
          <th>Change</th>
          <th>Who</th>
          <th>Why</th>
          <th>Run</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((h) => (
          <tr>
            <td>
              <Time iso={h.at} />
            </td>
            <td>{h.change}</td>
            <td>{h.actor}</td>
            <td>{h.reason}</td>
            <td>{h.workflowId ? <a href={runPath(h.workflowId)}>{h.workflowId}</a> : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

function stageText(s: TrafficSplit): string {
  if (s.mode === 'off') return 'off: the champion answers everything';
  return s.mode === 'shadow' ? `shadow: v${s.challenger} scores every request beside the champion` : `canary: v${s.challenger} answers ${s.canaryPercent}%`;
}

/** The split the prediction services hold now, and every split before it with who set it and why. */
const Traffic: FC<{ split: TrafficSplit | null; history: readonly TrafficSplit[] }> = ({ split, history }) => (
  <>
    <h2>Traffic</h2>
    <p data-traffic-mode={split?.mode ?? 'off'}>
      {split ? (
        <>
          <strong>{stageText(split)}</strong> · set by {split.updatedBy} <Time iso={split.updatedAt} />: {split.reason}
        </>
      ) : (
        <span class="muted">Never split: the champion answers everything.</span>
      )}
    </p>
    {history.length > 0 ? (
      <table class="traffic-history">
        <thead>
          <tr>
            <th>When</th>
            <th>Mode</th>
            <th>Challenger</th>
            <th>Canary %</th>
            <th>By</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr data-mode={h.mode}>
              <td>
                <Time iso={h.updatedAt} />
              </td>
              <td>{h.mode}</td>
              <td class="num">{h.challenger === null ? '' : `v${h.challenger}`}</td>
              <td class="num">{h.mode === 'canary' ? h.canaryPercent : ''}</td>
              <td>{h.updatedBy.startsWith('workflow:') ? <a href={runPath(h.updatedBy.slice('workflow:'.length))}>{h.updatedBy}</a> : h.updatedBy}</td>
              <td>{h.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null}
  </>
);

export interface ModelPageProps {
  readonly frame: PageFrame;
  readonly model: ModelDetail;
  readonly actor: string;
  readonly notice?: { kind: 'ok' | 'error'; text: string };
}

export const ModelPage: FC<ModelPageProps> = ({ frame, model, actor, notice }) => (
  <Layout title={`Model ${model.name}`} frame={frame}>
    <p>{model.description}</p>
    {notice ? <Notice kind={notice.kind} text={notice.text} /> : null}
    <p>
      Champion <strong data-champion={model.champion ?? ''}>{model.champion === null ? 'none' : `v${model.champion}`}</strong> · challenger{' '}
      <strong>{model.challenger === null ? 'none' : `v${model.challenger}`}</strong>
    </p>
    {model.traffic !== undefined ? <Traffic split={model.traffic} history={model.trafficHistory ?? []} /> : null}
    <h2>Versions</h2>
    <table class="versions">
      <thead>
        <tr>
          <th>Version</th>
          <th>Aliases</th>
          <th>Status</th>
          <th>F1</th>
          <th>Precision</th>
          <th>Recall</th>
          <th>ROC-AUC</th>
          <th>Gate</th>
          <th>Dataset sha256</th>
          <th>Code</th>
          <th>Run</th>
          <th>Registered</th>
        </tr>
      </thead>
      <tbody>
        {model.versions.map((v) => (
          <tr data-version={v.version} class={v.aliases.includes('champion') ? 'champion-row' : undefined}>
            <td class="num">v{v.version}</td>
            <td>
              {v.aliases.map((a) => (
                <span class={`badge badge-${a}`}>{a}</span>
              ))}
            </td>
            <td>{v.status}</td>
            <td class="num">{formatMetric(v.metrics.f1)}</td>
            <td class="num">{formatMetric(v.metrics.precision)}</td>
            <td class="num">{formatMetric(v.metrics.recall)}</td>
            <td class="num">{formatMetric(v.metrics.rocAuc)}</td>
            <td>{v.gatePassed ? <span class="pass">passed</span> : <span class="fail">failed</span>}</td>
            <td>
              <code title={v.datasetSha256}>{v.datasetSha256.slice(0, 12)}</code>
            </td>
            <td>
              <code>{v.codeVersion}</code>
            </td>
            <td>
              <a href={runPath(v.run.workflowId)}>{v.run.workflowId}</a>
            </td>
            <td>
              <Time iso={v.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    <h2>Alias history</h2>
    <History rows={model.aliasHistory} />
    <h2>Status history</h2>
    <History rows={model.statusHistory} />
    <h2>Rollback</h2>
    {!model.canRollback ? (
      <p class="muted">Nothing to roll back to: the champion has no predecessor (or the registry is read-only here).</p>
    ) : frame.access === 'operator' ? (
      <form method="post" action={`${modelPath(model.name)}/rollback`} class="decision">
        <ActorField value={actor} />
        <label class="field wide">
          <span>Reason</span>
          <input name="reason" required maxlength={1000} placeholder="why the champion goes back (recorded in the alias history)" />
        </label>
        <button type="submit" class="danger">
          Roll back the champion
        </button>
      </form>
    ) : (
      <SignInToAct next={frame.path} writable={frame.access !== 'read-only'} what="roll back the champion" />
    )}
  </Layout>
);
