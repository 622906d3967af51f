import type { ActivityDeps } from '../deps';
import { createExtractEvents } from './extract-events';
import { createValidateDataset } from './validate-dataset';

export type { ExtractEventsInput, ValidateDatasetInput } from './data-inputs';
export type { ExtractEventsResult, ExtractHeartbeat } from './extract-events';
export type { ValidateDatasetResult } from './validate-dataset';

/** Data activities of the weekly pipeline (cpu task queue): extract_events and validate_dataset. */
export function createDataActivities(deps: ActivityDeps) {
  return {
    extractEvents: createExtractEvents(deps),
    validateDataset: createValidateDataset(deps),
  };
}

export type DataActivities = ReturnType<typeof createDataActivities>;
