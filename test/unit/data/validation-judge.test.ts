import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addToProfile, emptyProfile, judge, psi, ValidationThresholdsSchema, type DatasetManifest, type DatasetScan } from '../../../lib/dataset';

const manifest = {
  kind: 'dataset',
  dataUri: 'file:///d.jsonl',
  sha256: 'a'.repeat(64),
  sizeBytes: 1,
  interval: { start: 's', end: 'e' },
  dataInterval: { start: 's', end: 'e' },
  query: 'q',
  rowCount: 0,
  labelCounts: { '0': 0, '1': 0 },
} satisfies DatasetManifest;

function scan(rows: Array<[text: string, label: 0 | 1]>): DatasetScan {
  const profile = emptyProfile();
  for (const [text, label] of rows) addToProfile(profile, text, label);
  return { profile, malformed: 0, malformedExamples: [], duplicateIds: 0, duplicateTexts: 0 };
}

const balanced = scan(Array.from({ length: 200 }, (_, i) => [`message number ${i} about the build`, (i % 2) as 0 | 1]));
const defaults = ValidationThresholdsSchema.parse({});

describe('dataset validation rules', () => {
  test('passes a balanced dataset with no previous snapshot', () => {
    const report = judge(manifest, balanced, undefined, defaults, null);
    assert.equal(report.passed, true);
    assert.deepEqual([report.invalid, report.failures, report.warnings], [[], [], []]);
  });

  test('marks too few rows invalid', () => {
    const report = judge(
      manifest,
      scan([
        ['a', 0],
        ['b', 1],
      ]),
      undefined,
      defaults,
      null,
    );
    assert.deepEqual(report.invalid, ['dataset has 2 valid rows, fewer than minRows 100']);
  });

  test('marks a single label invalid', () => {
    const report = judge(manifest, scan(Array.from({ length: 150 }, () => ['ham text', 0])), undefined, defaults, null);
    assert.match(report.invalid.join(), /single label \(all 0 \/ ham in 150 rows\)/);
  });

  test('warns on a rare minority label and fails below the fail level', () => {
    const skewed = scan(Array.from({ length: 200 }, (_, i) => [`t${i}`, i < 10 ? 1 : 0]));
    assert.match(judge(manifest, skewed, undefined, defaults, null).warnings.join(), /minority label share is 0.05, below the warn level 0.1/);
    const strict = ValidationThresholdsSchema.parse({ minorityShare: { warn: 0.2, fail: 0.1 } });
    assert.match(judge(manifest, skewed, undefined, strict, null).failures.join(), /below the fail level 0.1/);
  });

  test('PSI is zero for identical distributions and grows with the shift', () => {
    assert.equal(psi([50, 50], [50, 50]), 0);
    assert.ok(psi([50, 50], [40, 60]) < psi([50, 50], [20, 80]));
    assert.ok(Number.isFinite(psi([100, 0], [50, 50])), 'empty bins do not make it infinite');
  });

  test('drift in text length warns at warn level and fails at fail level', () => {
    const longer = scan(Array.from({ length: 200 }, (_, i) => [`message number ${i} about the build `.repeat(20), (i % 2) as 0 | 1]));
    const previous = { manifest, scan: balanced };
    const warn = judge(manifest, longer, previous, ValidationThresholdsSchema.parse({ psiTextLength: { warn: 0.1, fail: 100 } }), null);
    assert.ok(warn.passed);
    assert.match(warn.warnings.join(), /text-length PSI vs previous snapshot is [\d.]+, above the warn level 0.1/);
    const fail = judge(manifest, longer, previous, defaults, null);
    assert.equal(fail.passed, false);
    assert.match(fail.failures.join(), /text-length PSI vs previous snapshot is [\d.]+, above the fail level 0.5/);
  });

  test('thresholds reject a warn level stricter than the fail level', () => {
    assert.equal(ValidationThresholdsSchema.safeParse({ psiLabel: { warn: 0.6, fail: 0.5 } }).success, false);
  });
});
