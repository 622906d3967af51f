import { uiRunUrl } from '../../lib/temporal/ui-links';
import type { ModelVersion } from '../../lib/registry/registry-types';
import { artifactHref, rememberLinks } from './links';
import { activityHistory, lastCompletedRecord, type ActivityRecord } from './run-history';
import { artifactsOfOutput } from './task-artifacts';
import type { ApprovalDetail, ArtifactLink, ConsoleDeps, DatasetSummary, DriftSummary, GateCheckView, MetricPair } from './types';

/** Metrics shown side by side, in this order. */
export const APPROVAL_METRICS = ['f1', 'precision', 'recall', 'rocAuc', 'prAuc', 'accuracy'] as const;

/** The plots of a version's reports, in the order the page shows them. */
const PLOT_REPORTS = ['rocCurve', 'prCurve', 'confusionCandidate', 'confusionChampion', 'confusionBaseline', 'loss'] as const;

const DRIFT_MEASURES = [
  { key: 'psiLabel', name: 'label-ratio PSI' },
  { key: 'psiTextLength', name: 'text-length PSI' },
  { key: 'psiTokens', name: 'token PSI' },
] as const;

/**
 * What a reviewer needs before deciding: the prompt, the version awaited (the decision must name
 * it), the candidate against the champion on the same holdout rows (the registry's version
 * metrics), the gate's checks, the evaluation plots, and the dataset and drift summaries of the
 * run (its extract and validate outputs, from history). Null when the run waits for no approval.
 */
export async function approvalDetail(deps: ConsoleDeps, workflowId: string): Promise<ApprovalDetail | null> {
  const view = await deps.client.getRun(workflowId);
  const awaiting = view.awaitingApproval;
  if (!awaiting) return null;
  const [version, champion, history] = await Promise.all([
    awaiting.model !== undefined && awaiting.version !== undefined ? deps.registry.getVersion(awaiting.model, awaiting.version) : Promise.resolve(undefined),
    awaiting.model !== undefined ? deps.registry.getChampion(awaiting.model) : Promise.resolve(null),
    activityHistory(deps.client.temporal, workflowId, view.runId),
  ]);
  const detail = buildApprovalDetail(deps, {
    workflowId,
    temporalUiUrl: uiRunUrl(deps.temporalUiUrl, deps.namespace, workflowId, view.runId),
    awaiting,
    ...(version ? { version } : {}),
    champion,
    history,
  });
  rememberLinks(deps, [
    ...detail.plots,
    ...(detail.dataset?.manifest ? [detail.dataset.manifest] : []),
    ...(detail.drift?.report ? [detail.drift.report] : []),
  ]);
  return detail;
}

export interface ApprovalFacts {
  readonly workflowId: string;
  readonly temporalUiUrl: string;
  readonly awaiting: { readonly taskId: string; readonly prompt?: string; readonly model?: string; readonly version?: number; readonly deadline: string };
  readonly version?: ModelVersion;
  readonly champion: ModelVersion | null;
  readonly history: ReadonlyMap<string, readonly ActivityRecord[]>;
}

/** The approval page from what was read. Pure. */
export function buildApprovalDetail(deps: Pick<ConsoleDeps, 'artifactHref'>, facts: ApprovalFacts): ApprovalDetail {
  const link = deps.artifactHref ?? artifactHref;
  const href = (uri: string) => link(uri, facts.workflowId);
  const { awaiting, version } = facts;
  const metrics = version?.metrics as { candidate?: unknown; champion?: unknown; baseline?: unknown } | undefined;
  const dataset = datasetOf(version, resultOf(facts.history, 'extract_events'), href);
  const drift = driftOf(resultOf(facts.history, 'validate_dataset'), inputOf(facts.history, 'validate_dataset'), href);
  return {
    workflowId: facts.workflowId,
    taskId: awaiting.taskId,
    ...(awaiting.prompt !== undefined ? { prompt: awaiting.prompt } : {}),
    awaiting: {
      ...(awaiting.model !== undefined ? { model: awaiting.model } : {}),
      ...(awaiting.version !== undefined ? { version: awaiting.version } : {}),
      deadline: awaiting.deadline,
    },
    ...(facts.champion ? { championVersion: facts.champion.version } : {}),
    metrics: metricPairs(metrics?.candidate, metrics?.champion, metrics?.baseline),
    ...(version ? { gate: gateOf(version.gate) } : {}),
    plots: version ? plotsOf(version, href) : [],
    ...(dataset ? { dataset } : {}),
    ...(drift ? { drift } : {}),
    temporalUiUrl: facts.temporalUiUrl,
  };
}

export function metricPairs(candidate: unknown, champion: unknown, baseline?: unknown): MetricPair[] {
  const read = (m: unknown, name: string) => {
    const v = (m as Record<string, unknown> | null | undefined)?.[name];
    return typeof v === 'number' ? v : undefined;
  };
  return APPROVAL_METRICS.map((name) => {
    const c = read(candidate, name);
    const ch = read(champion, name);
    const b = read(baseline, name);
    return { name, ...(c !== undefined ? { candidate: c } : {}), ...(ch !== undefined ? { champion: ch } : {}), ...(b !== undefined ? { baseline: b } : {}) };
  }).filter((p) => p.candidate !== undefined || p.champion !== undefined);
}

const CHECK_WORDS: Readonly<Record<string, string>> = {
  minimum: 'minimum',
  'max-regression': 'champion − allowed drop',
  'min-improvement': 'champion + required gain',
};

function gateOf(gate: ModelVersion['gate']): NonNullable<ApprovalDetail['gate']> {
  const raw = (gate as { checks?: unknown }).checks;
  const checks: GateCheckView[] = (Array.isArray(raw) ? raw : []).flatMap((c: unknown) => {
    const check = c as { name?: unknown; metric?: unknown; value?: unknown; limit?: unknown; passed?: unknown };
    if (typeof check.metric !== 'string' || typeof check.passed !== 'boolean') return [];
    const value = typeof check.value === 'number' ? check.value : undefined;
    const limit = typeof check.limit === 'number' ? check.limit : undefined;
    const kind = typeof check.name === 'string' ? check.name : 'check';
    const numbers = value !== undefined && limit !== undefined ? ` ${value.toFixed(3)} ${check.passed ? '≥' : '<'} ${limit.toFixed(3)}` : '';
    return [
      {
        name: `${check.metric} (${kind})`,
        passed: check.passed,
        ...(value !== undefined ? { value } : {}),
        ...(limit !== undefined ? { threshold: limit } : {}),
        text: `${check.metric}${numbers} (${CHECK_WORDS[kind] ?? kind})`,
      },
    ];
  });
  return { passed: gate.passed, reasons: [...gate.reasons], checks };
}

function plotsOf(version: ModelVersion, href: (uri: string) => string): ArtifactLink[] {
  const reports = version.artifacts.reports;
  const ordered = Object.fromEntries(PLOT_REPORTS.filter((name) => Object.hasOwn(reports, name)).map((name) => [name, reports[name]]));
  return artifactsOfOutput('evaluate_model', ordered, href);
}

function datasetOf(version: ModelVersion | undefined, extract: unknown, href: (uri: string) => string): DatasetSummary | undefined {
  const fromRun = extract as { manifest?: Record<string, unknown>; manifestRef?: { uri?: unknown } } | undefined;
  const manifest = (version?.dataset.manifest ?? fromRun?.manifest) as
    { rowCount?: unknown; labelCounts?: unknown; interval?: { start?: unknown; end?: unknown }; sha256?: unknown } | undefined;
  if (!manifest) return undefined;
  const manifestUri = typeof fromRun?.manifestRef?.uri === 'string' ? fromRun.manifestRef.uri : undefined;
  const labels = manifest.labelCounts as Record<string, unknown> | undefined;
  const labelCounts = labels ? Object.fromEntries(Object.entries(labels).filter((e): e is [string, number] => typeof e[1] === 'number')) : undefined;
  const interval = manifest.interval;
  return {
    ...(typeof manifest.rowCount === 'number' ? { rows: manifest.rowCount } : {}),
    ...(labelCounts ? { labelCounts } : {}),
    ...(typeof interval?.start === 'string' && typeof interval.end === 'string' ? { interval: { start: interval.start, end: interval.end } } : {}),
    ...(typeof manifest.sha256 === 'string' ? { sha256: manifest.sha256 } : version ? { sha256: version.dataset.sha256 } : {}),
    ...(manifestUri ? { manifest: { label: 'dataset manifest', uri: manifestUri, href: href(manifestUri) } } : {}),
  };
}

/** validate_dataset's drift measures against the champion's snapshot, each with its warn/fail level. */
export function driftOf(validation: unknown, input: unknown, href: (uri: string) => string): DriftSummary | undefined {
  const v = validation as { passed?: unknown; reportUri?: unknown; stats?: { drift?: Record<string, unknown> | null } } | undefined;
  if (!v) return undefined;
  const thresholds = (input as { thresholds?: Record<string, { warn?: unknown; fail?: unknown }> } | undefined)?.thresholds;
  const drift = v.stats?.drift;
  const checks = drift
    ? DRIFT_MEASURES.flatMap(({ key, name }) => {
        const value = drift[key];
        if (typeof value !== 'number') return [];
        const t = thresholds?.[key];
        const fail = typeof t?.fail === 'number' ? t.fail : undefined;
        const warn = typeof t?.warn === 'number' ? t.warn : undefined;
        const level = fail !== undefined && value > fail ? 'fail' : warn !== undefined && value > warn ? 'warn' : 'ok';
        const limits = warn !== undefined && fail !== undefined ? ` (warn > ${warn}, fail > ${fail})` : '';
        return [{ name, value, level, text: `${name} ${value.toFixed(4)}: ${level}${limits}` }];
      })
    : [{ name: 'drift', text: 'no previous snapshot to compare with (first model)' }];
  const reportUri = typeof v.reportUri === 'string' ? v.reportUri : undefined;
  return {
    ...(typeof v.passed === 'boolean' ? { passed: v.passed } : {}),
    checks,
    ...(reportUri ? { report: { label: 'validation report', uri: reportUri, href: href(reportUri) } } : {}),
  };
}

function resultOf(history: ReadonlyMap<string, readonly ActivityRecord[]>, taskId: string): unknown {
  return lastCompletedRecord(history, taskId)?.result;
}

function inputOf(history: ReadonlyMap<string, readonly ActivityRecord[]>, taskId: string): unknown {
  return lastCompletedRecord(history, taskId)?.input;
}
