// Test-only workflow: one extract_events call with fast retries, so a test can take PostgreSQL
// away and bring it back within seconds.
import { proxyActivities } from '@temporalio/workflow';
import type { DataActivities, ExtractEventsInput, ExtractEventsResult } from '../../../activities/data';

const { extractEvents } = proxyActivities<DataActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '300 milliseconds', backoffCoefficient: 1.5, maximumInterval: '2 seconds', maximumAttempts: 40 },
});

export async function extractWithRetries(input: ExtractEventsInput): Promise<ExtractEventsResult> {
  return extractEvents(input);
}
