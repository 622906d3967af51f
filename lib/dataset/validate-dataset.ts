import { formatZodIssues } from '../../common/validation';
import type { ArtifactStore } from '../artifacts';
import { Hash64Set, type ComputePool, type MalformedRow, type ScanAck } from '../compute';
import { hasBothLabels } from '../ml/sample';
import { DatasetRowSchema, LONG_TEXT_CHARS, type DatasetManifest } from './dataset-types';
import { JsonlSplitter } from './jsonl-lines';
import type { QuarantineFile } from './quarantine-file';
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

export interface ScanOptions {
  /** Runs the scan on this pool's thread while this one only reads bytes; @default in this thread (unit tests, scripts) */
  readonly compute?: ComputePool;
  /** Aborts the scan (and terminates its thread). */
  readonly signal?: AbortSignal;
  /** Rows scanned so far, after each chunk: e.g. to heartbeat. */
  readonly onProgress?: (rows: number) => void;
  /** Rows expected (the manifest's rowCount): sizes the duplicate tables once instead of growing them. */
  readonly expectedRows?: number;
}

/**
 * Streams a dataset once: schema checks, duplicates and the profile used for drift. Memory is
 * bounded whatever the row count: one chunk of bytes, two 64-bit hash sets and the profile.
 */
export async function scanDataset(
  store: ArtifactStore,
  uri: string,
  sha256: string,
  maxExamples: number,
  quarantine?: QuarantineFile,
  options: ScanOptions = {},
): Promise<DatasetScan> {
  const setAside = async (rows: readonly MalformedRow[]) => {
    for (const { line, problem, raw } of rows) await quarantine?.add('schema', { line, problem, raw });
  };
  const source = await store.openRead(uri, sha256);
  if (!options.compute) {
    const scanner = new DatasetScanner(maxExamples, options.expectedRows);
    for await (const chunk of source) {
      options.signal?.throwIfAborted();
      await setAside(scanner.push(chunk as Buffer));
      options.onProgress?.(scanner.rows);
    }
    await setAside(scanner.end());
    return scanner.scan;
  }
  const stream = options.compute.open(
    'scanDataset',
    { maxExamples, ...(options.expectedRows === undefined ? {} : { expectedRows: options.expectedRows }) },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      onAck: async (ack) => {
        await setAside(ack.malformed);
        options.onProgress?.(ack.rows);
      },
    },
  );
  try {
    for await (const chunk of source) await stream.write(chunk as Buffer);
  } catch (error) {
    // The store's stream fails at the end when the bytes do not match sha256: end the thread's task too.
    await stream.end().catch(() => undefined);
    throw error;
  }
  const { scan, malformed } = await stream.end();
  await setAside(malformed);
  return scan;
}

/**
 * The scan itself, fed bytes in chunks: synchronous, so a compute thread runs it as it is and
 * unit tests call it directly. Splits lines on decoded text, so a character cut between two
 * chunks is kept whole.
 */
export class DatasetScanner {
  readonly scan: DatasetScan = { profile: emptyProfile(), malformed: 0, malformedExamples: [], duplicateIds: 0, duplicateTexts: 0 };
  private readonly ids: Hash64Set;
  private readonly texts: Hash64Set;
  private readonly lines = new JsonlSplitter();
  private lineNo = 0;

  constructor(
    private readonly maxExamples: number,
    expectedRows?: number,
  ) {
    this.ids = new Hash64Set(expectedRows);
    this.texts = new Hash64Set(expectedRows);
  }

  /** Lines read so far (blank lines are not rows and are not counted). */
  get rows(): number {
    return this.lineNo;
  }

  /** Scans the complete lines in `chunk`; returns the malformed ones, for a quarantine file. */
  push(chunk: Uint8Array): MalformedRow[] {
    const malformed: MalformedRow[] = [];
    for (const line of this.lines.push(chunk)) this.line(line, malformed);
    return malformed;
  }

  /** Scans what is left after the last newline. */
  end(): MalformedRow[] {
    const malformed: MalformedRow[] = [];
    for (const line of this.lines.end()) this.line(line, malformed);
    return malformed;
  }

  private line(line: string, malformed: MalformedRow[]): void {
    if (line.length === 0) return;
    this.lineNo++;
    const scan = this.scan;
    let value: unknown;
    let problem: string | undefined;
    try {
      value = JSON.parse(line);
    } catch {
      problem = 'not JSON';
    }
    const parsed = problem === undefined ? DatasetRowSchema.safeParse(value) : undefined;
    // The value is not quoted: the row's excerpt is kept next to the problem.
    if (parsed && !parsed.success) problem = formatZodIssues(parsed.error, { root: '(row)' }).join('; ');
    if (!parsed?.success) {
      const why = problem ?? 'not JSON';
      scan.malformed++;
      if (scan.malformedExamples.length < this.maxExamples) scan.malformedExamples.push({ line: this.lineNo, problem: why, excerpt: line.slice(0, 200) });
      malformed.push({ line: this.lineNo, problem: why, raw: line });
      return;
    }
    const row = parsed.data;
    if (!this.ids.addString(row.id)) scan.duplicateIds++;
    if (!this.texts.addString(row.text)) scan.duplicateTexts++;
    addToProfile(scan.profile, row.text, row.label);
  }
}

/** `DatasetScanner` as a compute-pool stream task (see lib/compute/compute-handlers.ts). */
export const SCAN_STREAM_HANDLER = {
  start: ({ maxExamples, expectedRows }: { maxExamples: number; expectedRows?: number }) => new DatasetScanner(maxExamples, expectedRows),
  chunk: (scanner: DatasetScanner, data: Uint8Array): ScanAck => ({ malformed: scanner.push(data), rows: scanner.rows }),
  end: (scanner: DatasetScanner): { scan: DatasetScan; malformed: MalformedRow[] } => {
    const malformed = scanner.end();
    return { scan: scanner.scan, malformed };
  },
};

function checkAbove(name: string, value: number, level: { warn: number; fail: number }, warnings: string[], failures: string[]): void {
  const shown = Number(value.toFixed(4));
  if (value > level.fail) failures.push(`${name} is ${shown}, above the fail level ${level.fail}`);
  else if (value > level.warn) warnings.push(`${name} is ${shown}, above the warn level ${level.warn}`);
}

/** Turns scans into a report: pure, so every threshold rule is unit-testable. */
export function judge(
  manifest: DatasetManifest,
  current: DatasetScan,
  previous: { manifest: DatasetManifest; scan: DatasetScan } | undefined,
  thresholds: ValidationThresholds,
  malformedUri: string | null,
): ValidationReport {
  const p = current.profile;
  const rows = p.rows + current.malformed;
  const minorityShare = p.rows === 0 ? 0 : Math.min(p.labelCounts[0], p.labelCounts[1]) / p.rows;
  const invalid: string[] = [];
  const warnings: string[] = [];
  const failures: string[] = [];
  if (p.rows < thresholds.minRows) invalid.push(`dataset has ${p.rows} valid rows, fewer than minRows ${thresholds.minRows}`);
  const unmapped = unmappedLabelsText(manifest);
  if (p.rows > 0 && !hasBothLabels(p.labelCounts)) {
    invalid.push(
      `dataset has a single label (${p.labelCounts[1] === 0 ? 'all 0 / ham' : 'all 1 / spam'} in ${p.rows} rows); a classifier needs both${unmapped ? `; rows left out with labels not in labelMapping: ${unmapped}` : ''}`,
    );
  } else if (p.rows > 0) {
    const shown = Number(minorityShare.toFixed(4));
    if (minorityShare < thresholds.minorityShare.fail) failures.push(`minority label share is ${shown}, below the fail level ${thresholds.minorityShare.fail}`);
    else if (minorityShare < thresholds.minorityShare.warn)
      warnings.push(`minority label share is ${shown}, below the warn level ${thresholds.minorityShare.warn}`);
  }
  if (p.rows === 0 && unmapped) invalid.push(`no row has a label in labelMapping; labels found: ${unmapped}`);
  else if (unmapped) warnings.push(`${manifest.quarantine?.reasons['unmapped-label'] ?? 0} rows left out: labels not in labelMapping: ${unmapped}`);
  const texts = manifest.textStats;
  if (texts && texts.empty > 0) warnings.push(`${texts.empty} rows have an empty text (trained on as they are)`);
  if (texts && texts.overLong > 0) {
    warnings.push(
      `${texts.overLong} rows have a text longer than ${LONG_TEXT_CHARS} characters (longest ${texts.longestChars}); only the first tokens are used`,
    );
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
    r.drift
      ? `- drift vs ${r.previous?.uri}: PSI label ${r.drift.psiLabel.toFixed(4)}, text length ${r.drift.psiTextLength.toFixed(4)}, tokens ${r.drift.psiTokens.toFixed(4)}`
      : '- drift: no previous snapshot',
    '',
    ...[...r.invalid.map((m) => `- INVALID: ${m}`), ...r.failures.map((m) => `- FAIL: ${m}`), ...r.warnings.map((m) => `- warn: ${m}`)],
  ];
  return `${lines.join('\n')}\n`;
}

/** `"spam " ×12, "SPAM" ×3`: the unmapped label values a manifest recorded, most frequent first. */
function unmappedLabelsText(manifest: DatasetManifest): string | undefined {
  const counts = manifest.quarantine?.unmappedLabels;
  if (!counts || Object.keys(counts).length === 0) return undefined;
  return Object.entries(counts)
    .map(([value, n]) => `${JSON.stringify(value)} ×${n}`)
    .join(', ');
}
