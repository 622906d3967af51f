import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
} as const;
