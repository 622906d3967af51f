import { createHash } from 'node:crypto';
import type { ArtifactStore } from '../artifacts';
import { DatasetRowSchema, type DatasetManifest } from './dataset-types';
import { jsonlLines } from './jsonl-lines';
import { QuarantineFile } from './quarantine-file';
import { addToProfile, emptyProfile, psi, type TextProfile } from './text-profile';
import type { ValidationThresholds } from './validation-thresholds';

export interface MalformedExample {
  line: number;
  problem: string;
  /** The line, cut to 200 characters. */
  excerpt: string;
}

export interface DatasetScan {
  profile: TextProfile;
  malformed: number;
  malformedExamples: MalformedExample[];
  duplicateIds: number;
  duplicateTexts: number;
}

export interface DriftStats {
  psiLabel: number;
  psiTextLength: number;
  psiTokens: number;
}

export interface ValidationReport {
  kind: 'validation-report';
  dataset: { uri: string; sha256: string; rowCount: number };
  previous: { uri: string; sha256: string; rowCount: number } | null;
  thresholds: ValidationThresholds;
  stats: {
    rows: number;
    validRows: number;
    malformed: number;
    malformedExamples: MalformedExample[];
    malformedUri: string | null;
    duplicateIds: number;
    duplicateTexts: number;
    labelCounts: { '0': number; '1': number };
    minorityShare: number;
  };
  profile: TextProfile;
  drift: DriftStats | null;
  /** Dataset cannot be trained on at all: the activity throws DatasetInvalid. */
  invalid: string[];
  warnings: string[];
  failures: string[];
  passed: boolean;
}

function problemOf(line: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  const parsed = DatasetRowSchema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`).join('; ');
}

/** Streams a dataset once: schema checks, duplicates and the profile used for drift. */
export async function scanDataset(store: ArtifactStore, uri: string, sha256: string, maxExamples: number, quarantine?: QuarantineFile): Promise<DatasetScan> {
  const profile = emptyProfile();
  const ids = new Set<string>();
  const texts = new Set<string>();
  const scan: DatasetScan = { profile, malformed: 0, malformedExamples: [], duplicateIds: 0, duplicateTexts: 0 };
  let lineNo = 0;
  for await (const line of jsonlLines(await store.openRead(uri, sha256))) {
    lineNo++;
    const problem = problemOf(line);
    if (problem) {
      scan.malformed++;
      if (scan.malformedExamples.length < maxExamples) scan.malformedExamples.push({ line: lineNo, problem, excerpt: line.slice(0, 200) });
      await quarantine?.add('schema', { line: lineNo, problem, raw: line });
      continue;
    }
    const row = DatasetRowSchema.parse(JSON.parse(line));
    if (ids.has(row.id)) scan.duplicateIds++;
    else ids.add(row.id);
    // 128 bits of the hash are plenty to tell texts apart and keep the set small.
    const textHash = createHash('sha256').update(row.text).digest('base64').slice(0, 22);
    if (texts.has(textHash)) scan.duplicateTexts++;
    else texts.add(textHash);
    addToProfile(profile, row.text, row.label);
  }
  return scan;
}

function checkAbove(name: string, value: number, level: { warn: number; fail: number }, warnings: string[], failures: string[]): void {
  const shown = Number(value.toFixed(4));
  if (value > level.fail) failures.push(`${name} is ${shown}, above the fail level ${level.fail}`);
  else if (value > level.warn) warnings.push(`${name} is ${shown}, above the warn level ${level.warn}`);
}

/** Turns scans into a report: pure, so every threshold rule is unit-testable. */
export function judge(manifest: DatasetManifest, current: DatasetScan, previous: { manifest: DatasetManifest; scan: DatasetScan } | undefined, thresholds: ValidationThresholds, malformedUri: string | null): ValidationReport {
  const p = current.profile;
  const rows = p.rows + current.malformed;
  const minorityShare = p.rows === 0 ? 0 : Math.min(p.labelCounts[0], p.labelCounts[1]) / p.rows;
  const invalid: string[] = [];
  const warnings: string[] = [];
  const failures: string[] = [];
  if (p.rows < thresholds.minRows) invalid.push(`dataset has ${p.rows} valid rows, fewer than minRows ${thresholds.minRows}`);
  if (p.rows > 0 && (p.labelCounts[0] === 0 || p.labelCounts[1] === 0)) {
    invalid.push(`dataset has a single label (${p.labelCounts[1] === 0 ? 'all 0 / ham' : 'all 1 / spam'} in ${p.rows} rows); a classifier needs both`);
  } else if (p.rows > 0) {
    const shown = Number(minorityShare.toFixed(4));
    if (minorityShare < thresholds.minorityShare.fail) failures.push(`minority label share is ${shown}, below the fail level ${thresholds.minorityShare.fail}`);
    else if (minorityShare < thresholds.minorityShare.warn) warnings.push(`minority label share is ${shown}, below the warn level ${thresholds.minorityShare.warn}`);
  }
  if (rows > 0) {
    checkAbove('malformed row share', current.malformed / rows, thresholds.malformedShare, warnings, failures);
    checkAbove('duplicate id share', current.duplicateIds / rows, thresholds.duplicateIdShare, warnings, failures);
    checkAbove('duplicate text share', current.duplicateTexts / rows, thresholds.duplicateTextShare, warnings, failures);
  }
  let drift: DriftStats | null = null;
  if (previous) {
    const q = previous.scan.profile;
    drift = { psiLabel: psi(q.labelCounts, p.labelCounts), psiTextLength: psi(q.lengthCounts, p.lengthCounts), psiTokens: psi(q.tokenCounts, p.tokenCounts) };
    checkAbove('label-ratio PSI vs previous snapshot', drift.psiLabel, thresholds.psiLabel, warnings, failures);
    checkAbove('text-length PSI vs previous snapshot', drift.psiTextLength, thresholds.psiTextLength, warnings, failures);
    checkAbove('token PSI vs previous snapshot', drift.psiTokens, thresholds.psiTokens, warnings, failures);
  }
  return {
    kind: 'validation-report',
    dataset: { uri: manifest.dataUri, sha256: manifest.sha256, rowCount: manifest.rowCount },
    previous: previous ? { uri: previous.manifest.dataUri, sha256: previous.manifest.sha256, rowCount: previous.manifest.rowCount } : null,
    thresholds,
    stats: {
      rows,
      validRows: p.rows,
      malformed: current.malformed,
      malformedExamples: current.malformedExamples,
      malformedUri,
      duplicateIds: current.duplicateIds,
      duplicateTexts: current.duplicateTexts,
      labelCounts: { '0': p.labelCounts[0], '1': p.labelCounts[1] },
      minorityShare,
    },
    profile: p,
    drift,
    invalid,
    warnings,
    failures,
    passed: invalid.length === 0 && failures.length === 0,
  };
}

/** A short human summary next to the JSON report. */
export function reportMarkdown(r: ValidationReport): string {
  const lines = [
    `# Dataset validation: ${r.passed ? 'passed' : 'NOT passed'}`,
    '',
    `- dataset: ${r.dataset.uri} (${r.stats.rows} rows, sha256 ${r.dataset.sha256.slice(0, 12)})`,
    `- labels: ${r.stats.labelCounts['0']} ham / ${r.stats.labelCounts['1']} spam (minority share ${r.stats.minorityShare.toFixed(3)})`,
    `- malformed: ${r.stats.malformed}; duplicate ids: ${r.stats.duplicateIds}; duplicate texts: ${r.stats.duplicateTexts}`,
    r.drift ? `- drift vs ${r.previous?.uri}: PSI label ${r.drift.psiLabel.toFixed(4)}, text length ${r.drift.psiTextLength.toFixed(4)}, tokens ${r.drift.psiTokens.toFixed(4)}` : '- drift: no previous snapshot',
    '',
    ...[...r.invalid.map((m) => `- INVALID: ${m}`), ...r.failures.map((m) => `- FAIL: ${m}`), ...r.warnings.map((m) => `- warn: ${m}`)],
  ];
  return `${lines.join('\n')}\n`;
}
