import { uiRunUrl } from '../../lib/temporal/ui-links';
import type { AliasHistoryEntry, ModelVersion, StatusHistoryEntry } from '../../lib/registry/registry-types';
import type { ConsoleDeps, HistoryRow, ModelDetail, ModelsView, VersionRow } from './types';

/** Every model with its latest version, champion, challenger and the champion's metrics. */
export async function models(deps: ConsoleDeps): Promise<ModelsView> {
  const summaries = await deps.registry.listModels();
  const rows = await Promise.all(
    summaries.map(async (m) => {
      const champion = m.champion !== null ? await deps.registry.getVersion(m.name, m.champion) : undefined;
      return {
        name: m.name,
        description: m.description,
        latestVersion: m.latestVersion,
        champion: m.champion,
        challenger: m.challenger,
        ...(champion ? { championMetrics: headlineMetrics(champion) } : {}),
      };
    }),
  );
  return { models: rows };
}

/**
 * A model's versions (newest first) with metrics, status, lineage and aliases, and the alias and
 * status histories with who and why (newest first), and its traffic split with the split's
 * history when the console reads traffic. UnknownModelVersionError-free: a model
 * without versions has empty lists.
 */
export async function modelDetail(deps: ConsoleDeps, model: string): Promise<ModelDetail> {
  const [summaries, versions, aliases, statuses, traffic] = await Promise.all([
    deps.registry.listModels(),
    deps.registry.listVersions(model),
    deps.registry.aliasHistory(model),
    deps.registry.statusHistory(model),
    deps.traffic ? Promise.all([deps.traffic.readTrafficSplit(model), deps.traffic.trafficHistory(model)]) : undefined,
  ]);
  const summary = summaries.find((m) => m.name === model);
  const detail = buildModelDetail(deps, model, summary ?? { description: '', champion: null, challenger: null }, versions, aliases, statuses);
  return traffic ? { ...detail, traffic: traffic[0], trafficHistory: [...traffic[1]].reverse() } : detail;
}

/** The model page from what was read. Pure. */
export function buildModelDetail(
  deps: Pick<ConsoleDeps, 'temporalUiUrl' | 'namespace' | 'registry'>,
  model: string,
  summary: { readonly description: string; readonly champion: number | null; readonly challenger: number | null },
  versions: readonly ModelVersion[],
  aliases: readonly AliasHistoryEntry[],
  statuses: readonly StatusHistoryEntry[],
): ModelDetail {
  const aliasOf = (version: number) =>
    [summary.champion === version ? 'champion' : undefined, summary.challenger === version ? 'challenger' : undefined].filter((a): a is string => !!a);
  const rows: VersionRow[] = [...versions]
    .sort((a, b) => b.version - a.version)
    .map((v) => ({
      version: v.version,
      status: v.status,
      metrics: headlineMetrics(v),
      gatePassed: v.gate.passed,
      datasetSha256: v.dataset.sha256,
      codeVersion: v.codeVersion,
      run: {
        workflowId: v.lineage.workflowId,
        runId: v.lineage.runId,
        temporalUiUrl: uiRunUrl(deps.temporalUiUrl, deps.namespace, v.lineage.workflowId, v.lineage.runId),
      },
      createdAt: v.createdAt,
      aliases: aliasOf(v.version),
    }));
  const championMoves = aliases.filter((a) => a.alias === 'champion' && a.toVersion !== null);
  return {
    name: model,
    description: summary.description,
    champion: summary.champion,
    challenger: summary.challenger,
    versions: rows,
    aliasHistory: [...aliases].reverse().map(aliasRow),
    statusHistory: [...statuses].reverse().map(statusRow),
    // The registry restores the champion before the current one: there must have been one.
    canRollback: typeof deps.registry.rollback === 'function' && summary.champion !== null && championMoves.length > 1,
  };
}

/** The candidate's F1, precision, recall and ROC-AUC on its holdout (registered by evaluate_model). */
export function headlineMetrics(version: Pick<ModelVersion, 'metrics'>): VersionRow['metrics'] {
  const candidate = (version.metrics as { candidate?: Record<string, unknown> }).candidate ?? version.metrics;
  const num = (key: string) => (typeof candidate[key] === 'number' ? { [key]: candidate[key] } : {});
  return { ...num('f1'), ...num('precision'), ...num('recall'), ...num('rocAuc') };
}

const v = (n: number | null) => (n === null ? 'none' : `v${n}`);

function aliasRow(e: AliasHistoryEntry): HistoryRow {
  return {
    at: e.at,
    change: `${e.alias}: ${v(e.fromVersion)} → ${v(e.toVersion)}`,
    actor: e.actor,
    reason: e.reason,
    ...(e.workflowId ? { workflowId: e.workflowId } : {}),
  };
}

function statusRow(e: StatusHistoryEntry): HistoryRow {
  return {
    at: e.at,
    change: `v${e.version}: ${e.fromStatus ?? 'new'} → ${e.toStatus}`,
    actor: e.actor,
    reason: e.reason,
    ...(e.workflowId ? { workflowId: e.workflowId } : {}),
  };
}
