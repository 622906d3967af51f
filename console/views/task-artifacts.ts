import type { ArtifactLink } from './types';

/** Names the known outputs give their artifacts; anything else is labelled from its key. */
const LABELS: Readonly<Record<string, string>> = {
  manifestRef: 'dataset manifest',
  dataUri: 'dataset rows',
  reportUri: 'report',
  markdownUri: 'report (markdown)',
  report: 'report',
  model: 'model',
  baseline: 'baseline model',
  lossCurve: 'loss curve',
  checkpoint: 'checkpoint',
  rocCurve: 'ROC curve',
  prCurve: 'PR curve',
  confusionCandidate: 'confusion matrix (candidate)',
  confusionBaseline: 'confusion matrix (baseline)',
  confusionChampion: 'confusion matrix (champion)',
  loss: 'loss curve',
  evaluation: 'evaluation report',
  roc: 'ROC curve',
  pr: 'PR curve',
  confusion: 'confusion matrix',
};

/** What a task's reports are about, so `report` reads `validation report` on validate_dataset. */
const REPORT_SUBJECT: Readonly<Record<string, string>> = {
  validate_dataset: 'validation',
  evaluate_model: 'evaluation',
};

const MAX_DEPTH = 4;

/**
 * Artifacts a task's output names: artifact refs (`{ uri, sha256 }`) and `...Uri` strings,
 * found by walking the output (the dataset manifest, validation report, model, evaluation
 * report, plots). Each URI once, in the order found. Pure.
 */
export function artifactsOfOutput(taskId: string, output: unknown, href: (uri: string) => string): ArtifactLink[] {
  const links: ArtifactLink[] = [];
  const seen = new Set<string>();
  const add = (key: string, uri: string) => {
    if (seen.has(uri) || !isArtifactUri(uri)) return;
    seen.add(uri);
    links.push({ label: labelOf(taskId, key), uri, href: href(uri) });
  };
  const walk = (value: unknown, key: string, depth: number) => {
    if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) return;
    const record = value as Record<string, unknown>;
    if (typeof record.uri === 'string' && typeof record.sha256 === 'string') {
      add(key, record.uri);
      return;
    }
    for (const [k, v] of Object.entries(record)) {
      if (typeof v === 'string' && /Uri$/.test(k)) add(k, v);
      else walk(v, k, depth + 1);
    }
  };
  walk(output, '', 0);
  return links;
}

export function isArtifactUri(uri: string): boolean {
  return uri.startsWith('file://') || uri.startsWith('s3://');
}

function labelOf(taskId: string, key: string): string {
  const label = LABELS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const subject = REPORT_SUBJECT[taskId];
  return subject && label.startsWith('report') ? `${subject} ${label}` : label;
}
