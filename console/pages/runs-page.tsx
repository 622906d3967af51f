import type { FC } from 'hono/jsx';
import { RUN_OUTCOMES } from '../../client/run-outcome';
import { runPath, formatDay } from '../format';
import type { RunRow, RunsGrid } from '../views';
import { Notice, Outcome, Time, stateStyle } from './components';
import { Layout, type PageFrame } from './layout';

/** The runs page's filter as the form holds it (strings, '' for none). */
export interface RunsQuery {
  readonly dag: string;
  readonly model: string;
  readonly outcome: string;
  readonly from: string;
  readonly to: string;
}

export interface RunsPageProps {
  readonly frame: PageFrame;
  readonly dagIds: readonly string[];
  readonly query: RunsQuery;
  /** The query string the live region polls with. */
  readonly search: string;
  readonly rows: readonly RunRow[];
  readonly grid: RunsGrid;
  readonly error?: string;
}

const FilterForm: FC<{ dagIds: readonly string[]; query: RunsQuery }> = ({ dagIds, query }) => (
  <form method="get" action="/" class="filters">
    <label class="field">
      <span>DAG</span>
      <select name="dag">
        <option value="">any</option>
        {dagIds.map((id) => (
          <option value={id} selected={query.dag === id}>
            {id}
          </option>
        ))}
      </select>
    </label>
    <label class="field">
      <span>Model</span>
      <input name="model" value={query.model} placeholder="any" maxlength={64} />
    </label>
    <label class="field">
      <span>Outcome</span>
      <select name="outcome">
        <option value="">any</option>
        {RUN_OUTCOMES.map((o) => (
          <option value={o} selected={query.outcome === o}>
            {o.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
    </label>
    <label class="field">
      <span>Logical date from</span>
      <input type="date" name="from" value={query.from} />
    </label>
    <label class="field">
      <span>to</span>
      <input type="date" name="to" value={query.to} />
    </label>
    <button type="submit">Filter</button>
    <a href="/" class="button-link">
      Clear
    </a>
  </form>
);

export const RunsTable: FC<{ rows: readonly RunRow[] }> = ({ rows }) =>
  rows.length === 0 ? (
    <p class="muted">No runs match.</p>
  ) : (
    <table class="runs">
      <thead>
        <tr>
          <th>Run</th>
          <th>DAG</th>
          <th>Model</th>
          <th>Logical date</th>
          <th>Trigger</th>
          <th>State</th>
          <th>Outcome</th>
          <th>Started</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr data-workflow-id={r.workflowId}>
            <td>
              <a href={runPath(r.workflowId)}>{r.workflowId}</a>
            </td>
            <td>{r.dagId ?? ''}</td>
            <td>{r.model ?? ''}</td>
            <td class="nowrap">{formatDay(r.logicalDate)}</td>
            <td>{r.runKind ?? ''}</td>
            <td class="status nowrap">{r.status.toLowerCase().replace(/_/g, ' ')}</td>
            <td>
              <Outcome outcome={r.outcome} />
            </td>
            <td>
              <Time iso={r.startedAt} />
            </td>
            <td>
              <a href={r.temporalUiUrl} target="_blank" rel="noopener" class="nowrap" title="this run in the Temporal Web UI">
                Temporal ↗
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

/** Recent runs × tasks, one coloured cell per task (Airflow's grid view). */
export const RunsGridView: FC<{ grid: RunsGrid }> = ({ grid }) =>
  grid.runs.length === 0 ? null : (
    <div class="grid-wrap">
      <table class="grid">
        <thead>
          <tr>
            <th class="grid-run">Run</th>
            {grid.taskIds.map((id) => (
              <th class="grid-task">
                <span>{id}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.runs.map((run) => (
            <tr>
              <th class="grid-run">
                <a href={runPath(run.workflowId)} title={`${formatDay(run.logicalDate)}: ${run.outcome.text}`}>
                  {run.workflowId}
                </a>
              </th>
              {grid.taskIds.map((id) => {
                const state = run.states[id];
                return state === undefined ? (
                  <td class="grid-cell grid-none"></td>
                ) : (
                  <td class="grid-cell" data-task-id={id} data-state={state} title={`${id}: ${state.replace(/_/g, ' ')}`}>
                    <a href={`${runPath(run.workflowId)}#task-${id}`} style={stateStyle(state)}></a>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

/** The part of the runs page that refreshes itself (every 5 s) while the page is open. */
export const RunsLive: FC<{ search: string; rows: readonly RunRow[]; grid: RunsGrid }> = ({ search, rows, grid }) => (
  <div id="runs-live" hx-get={`/fragments/runs${search}`} hx-trigger="every 5s" hx-swap="outerHTML">
    <RunsTable rows={rows} />
    <h2>Grid</h2>
    <RunsGridView grid={grid} />
  </div>
);

export const RunsPage: FC<RunsPageProps> = (p) => (
  <Layout title="Runs" frame={p.frame}>
    <FilterForm dagIds={p.dagIds} query={p.query} />
    <Notice kind="error" text={p.error} />
    <RunsLive search={p.search} rows={p.rows} grid={p.grid} />
  </Layout>
);
