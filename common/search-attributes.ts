import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair, type TypedSearchAttributes } from '@temporalio/common';

/**
 * Custom search attributes set on every DAG run so runs can be filtered in the Web UI,
 * for example `DagId = "weekly_retraining" AND ModelName = "spam"`. Registered on the dev server
 * at start (`--search-attribute Name=Type`).
 */
export const SEARCH_ATTRIBUTES = {
  dagId: defineSearchAttributeKey('DagId', SearchAttributeType.KEYWORD),
  modelName: defineSearchAttributeKey('ModelName', SearchAttributeType.KEYWORD),
  logicalDate: defineSearchAttributeKey('LogicalDate', SearchAttributeType.DATETIME),
  runKind: defineSearchAttributeKey('RunKind', SearchAttributeType.KEYWORD),
  /**
   * What the run achieved or waits for (`RUN_OUTCOME_VALUES` in common/dag/run-outcome.ts):
   * `promoted`, `gate_failed`, `rejected`, `failed`, ... once it ended; `waiting_for_approval` or
   * `paused` while a person must act; unset while it just runs. `Outcome = "gate_failed"`.
   */
  outcome: defineSearchAttributeKey('Outcome', SearchAttributeType.KEYWORD),
} as const;

/**
 * What a DAG run is found by from its first moment: the client sets these at start (so a run
 * started while no worker runs is already in the DAG and model filters) and the run upserts the
 * same values on its first step (for runs the client did not start: Schedules, the Web UI form).
 * The model name is read from the raw params, before they are checked, so a refused run is found too.
 */
export function runSearchAttributes(dagId: string, run: { readonly logicalDate: string; readonly runKind: string }, rawParams: unknown): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [
    { key: SEARCH_ATTRIBUTES.dagId, value: dagId },
    { key: SEARCH_ATTRIBUTES.logicalDate, value: new Date(run.logicalDate) },
    { key: SEARCH_ATTRIBUTES.runKind, value: run.runKind },
  ];
  const modelName = modelNameOf(rawParams);
  if (modelName !== undefined) pairs.push({ key: SEARCH_ATTRIBUTES.modelName, value: modelName });
  return pairs;
}

/** The `modelName` param when it can be a search attribute value. */
export function modelNameOf(params: unknown): string | undefined {
  const value = typeof params === 'object' && params !== null ? (params as { modelName?: unknown }).modelName : undefined;
  return typeof value === 'string' && value.length > 0 && value.length <= 255 ? value : undefined;
}

/** What runSearchAttributes set, read back from a listed or described run (dates as ISO strings). */
export function runAttributesOf(attrs: TypedSearchAttributes): { dagId?: string; model?: string; logicalDate?: string; runKind?: string } {
  const dagId = attrs.get(SEARCH_ATTRIBUTES.dagId);
  const model = attrs.get(SEARCH_ATTRIBUTES.modelName);
  const logicalDate = attrs.get(SEARCH_ATTRIBUTES.logicalDate);
  const runKind = attrs.get(SEARCH_ATTRIBUTES.runKind);
  return {
    ...(dagId !== undefined ? { dagId } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(logicalDate !== undefined ? { logicalDate: logicalDate.toISOString() } : {}),
    ...(runKind !== undefined ? { runKind } : {}),
  };
}
