import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { sharedComputePool, type ComputePool } from '../../lib/compute';
import { QuarantineFile, judge, reportMarkdown, scanDataset, type ValidationReport } from '../../lib/dataset';
import type { ActivityDeps } from '../deps';
import { activityContext } from './activity-context';
import { parseInput, ValidateDatasetInputSchema, type ValidateDatasetInput } from './data-inputs';

/** What the workflow gets back: small; the full report is an artifact. */
export interface ValidateDatasetResult {
  passed: boolean;
  warnings: string[];
  failures: string[];
  reportUri: string;
  reportSha256: string;
  markdownUri: string;
  stats: ValidationReport['stats'] & { drift: ValidationReport['drift'] };
}

export interface ValidateDatasetOptions {
  /** Where the scans run, off the event loop that hosts workflow tasks. @default the process's shared pool */
  readonly compute?: ComputePool;
}

export function createValidateDataset({ store, logger }: ActivityDeps, options: ValidateDatasetOptions = {}) {
  /**
   * validate_dataset: schema, duplicates, label balance and drift against the previous snapshot.
   * The report is written first in every case. Too few rows or a single label throws a
   * non-retryable DatasetInvalid (nothing can be trained); other fail-level findings return
   * passed: false with reasons, an outcome the DAG branches on rather than an error.
   */
  return async function validateDataset(input: ValidateDatasetInput): Promise<ValidateDatasetResult> {
    const valid = parseInput(ValidateDatasetInputSchema, input, 'validateDataset');
    const { manifest, previousManifest, thresholds } = valid;
    const ctx = activityContext();
    // Keyed by content: same dataset (URI and bytes), previous snapshot and thresholds → same report bytes.
    const variant = createHash('sha256')
      .update(JSON.stringify({ dataUri: manifest.dataUri, previous: previousManifest?.sha256 ?? null, thresholds }))
      .digest('hex')
      .slice(0, 12);
    const prefix = `validations/${manifest.sha256}/${variant}`;
    const malformed = new QuarantineFile();
    try {
      const compute = options.compute ?? sharedComputePool();
      const scanOptions = (phase: 'current' | 'previous', expectedRows: number) => ({
        compute,
        expectedRows,
        ...(ctx ? { signal: ctx.cancellationSignal } : {}),
        onProgress: (rowsDone: number) => ctx?.heartbeat({ phase, rowsDone }),
      });
      ctx?.heartbeat({ phase: 'current', rowsDone: 0 });
      const current = await scanDataset(store, manifest.dataUri, manifest.sha256, thresholds.maxExamples, malformed, scanOptions('current', manifest.rowCount));
      ctx?.heartbeat({ phase: 'previous', rowsDone: 0 });
      const previous = previousManifest
        ? {
            manifest: previousManifest,
            scan: await scanDataset(store, previousManifest.dataUri, previousManifest.sha256, 0, undefined, scanOptions('previous', previousManifest.rowCount)),
          }
        : undefined;
      const malformedRef = await malformed.commit(store, `${prefix}/malformed.jsonl`);
      const report = judge(manifest, current, previous, thresholds, malformedRef?.uri ?? null);
      const reportRef = await store.put(`${prefix}/report.json`, `${JSON.stringify(report, null, 2)}\n`, { contentType: 'application/json' });
      const markdownRef = await store.put(`${prefix}/report.md`, reportMarkdown(report), { contentType: 'text/markdown' });
      logger.info(
        { artifactUri: reportRef.uri, passed: report.passed, warnings: report.warnings.length, failures: report.failures.length },
        'dataset validated',
      );
      const summary: ValidateDatasetResult = {
        passed: report.passed,
        warnings: report.warnings,
        failures: [...report.invalid, ...report.failures],
        reportUri: reportRef.uri,
        reportSha256: reportRef.sha256,
        markdownUri: markdownRef.uri,
        stats: { ...report.stats, drift: report.drift },
      };
      if (report.invalid.length > 0) {
        throw ApplicationFailure.nonRetryable(
          `dataset ${manifest.dataUri} is invalid: ${report.invalid.join('; ')} (report: ${reportRef.uri})`,
          'DatasetInvalid',
          summary,
        );
      }
      return summary;
    } catch (error) {
      // Rethrow the cancellation itself so Temporal records the activity as cancelled, not failed.
      if (ctx?.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
      throw error;
    } finally {
      await malformed.dispose();
    }
  };
}
