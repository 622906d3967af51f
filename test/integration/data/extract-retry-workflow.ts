// Test-only workflows: one extract_events call with fast retries, so a test can take PostgreSQL
// away and bring it back within seconds; and one with the options the DAG engine builds from the
// storage retry policy, for the outage a production database step must ride out.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DataActivities, ExtractEventsInput, ExtractEventsResult } from '../../../activities/data';
import { STORAGE_STEP_RETRIES } from '../../../common/retry-policies';
import { activityOptions } from '../../../workflows/dag/activity-options';

const { extractEvents } = proxyActivities<DataActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '300 milliseconds', backoffCoefficient: 1.5, maximumInterval: '2 seconds', maximumAttempts: 40 },
});

export async function extractWithRetries(input: ExtractEventsInput): Promise<ExtractEventsResult> {
  return extractEvents(input);
}

export async function extractWithStoragePolicy(input: ExtractEventsInput): Promise<ExtractEventsResult> {
  const options = { ...STORAGE_STEP_RETRIES, startToCloseTimeout: '1m', heartbeatTimeout: '20s' };
  const { extractEvents } = proxyActivities<DataActivities>(activityOptions(options, workflowInfo().taskQueue, 'extract_events:1', 'extract_events'));
  return extractEvents(input);
}
