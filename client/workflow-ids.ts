import { retrainingWorkflowId } from '../common/time';
import { getDag } from './dag-catalog';

// The retraining's business key, for callers that know the model and week but not the params.
export { retrainingWorkflowId };

/**
 * Business-key workflow id of a run: the DAG's own `runKey` (weekly_retraining:
 * `weekly_retraining/<model>/<ISO week>`), else `<dag>/<logical date>`. The workflow derives the
 * same key from the same definition, so a caller and the engine can never disagree.
 */
export function runWorkflowId(dagId: string, params: unknown, logicalDate: string): string {
  const dag = getDag(dagId);
  return dag.runKey ? dag.runKey({ params, logicalDate }) : `${dagId}/${logicalDate}`;
}
