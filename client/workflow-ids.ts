import { retrainingWorkflowId } from '../common/time';

// One definition of the retraining business key, shared with `npm start`'s main job, so the
// Schedule, the main job, the client and the CLI can never disagree about a week's id.
export { retrainingWorkflowId };

/**
 * Business-key workflow id of a manual run: `weekly_retraining/<model>/<ISO week>` for the
 * retraining, `<dag>/<logical date>` for any other DAG. With the reuse policy
 * ALLOW_DUPLICATE_FAILED_ONLY, a second start of the same key attaches to the first run.
 */
export function runWorkflowId(dagId: string, params: unknown, logicalDate: string): string {
  if (dagId === 'weekly_retraining') {
    const modelName = (params as { modelName: string }).modelName;
    return retrainingWorkflowId(modelName, logicalDate);
  }
  return `${dagId}/${logicalDate}`;
}
