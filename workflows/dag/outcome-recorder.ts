import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { OutcomeAttributeValue } from '../../common/dag';
import { SEARCH_ATTRIBUTES } from '../../common/search-attributes';

const MAX_DETAILS_CHARS = 2_000;

/**
 * Keeps the run's `Outcome` search attribute and current details in step with what the run waits
 * for and how it ended, so the Web UI's workflows list can show and filter outcomes. Upserts only
 * on a change (each upsert is a command in history), and only in runs that record the
 * RUN_OUTCOME_PATCH marker; current details are not history, so every run shows them.
 */
export class OutcomeRecorder {
  private current: string | undefined;

  constructor(private readonly upserts: boolean) {
    // A continue-as-new segment inherits the attribute from the segment before.
    this.current = workflowInfo().typedSearchAttributes.get(SEARCH_ATTRIBUTES.outcome);
  }

  /** `value` undefined: the run just runs (the attribute is removed). */
  show(value: OutcomeAttributeValue | undefined, details: string): void {
    this.showDetails(details);
    if (!this.upserts || value === this.current) return;
    this.current = value;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.outcome, value: value ?? null }]);
  }

  /** The run's current details only (the Web UI's User Metadata tab); the attribute stays. */
  showDetails(details: string): void {
    setCurrentDetails(details.length > MAX_DETAILS_CHARS ? `${details.slice(0, MAX_DETAILS_CHARS - 1)}…` : details);
  }
}

/** An instant as the headlines show it: ISO 8601 UTC to the second. */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Error text on one line, cut for a headline (a refused input lists its problems on lines). */
export function shortError(error: string | undefined): string {
  if (error === undefined) return 'unknown error';
  const line = error.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
