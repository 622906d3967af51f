import type { DagSpec } from '../common/dag';
import { weeklyRetrainingDag } from '../workflows/retraining/weekly-retraining-dag';
import { dagSmokeTest } from '../workflows/dag/smoke-dag';
import { driftMonitorDag } from '../workflows/drift/drift-monitor-dag';
import { deployModelDag } from '../workflows/deploy/deploy-model-dag';
import { UnknownDagError } from './errors';

/**
 * The DAGs clients can start and inspect, by id (= workflow type). The specs are workflow-safe
 * data, imported here for their zod param schemas, task lists and docs; a DAG workflow added to
 * workflows/index.ts belongs here too (test/unit/cli checks it).
 */
export const DAGS: Readonly<Record<string, DagSpec>> = {
  [weeklyRetrainingDag.id]: weeklyRetrainingDag as DagSpec,
  [driftMonitorDag.id]: driftMonitorDag as DagSpec,
  [deployModelDag.id]: deployModelDag as DagSpec,
  [dagSmokeTest.id]: dagSmokeTest as DagSpec,
};

/** The DAG with this id, or UnknownDagError listing the known ones. */
export function getDag(dagId: string): DagSpec {
  const dag = Object.hasOwn(DAGS, dagId) ? DAGS[dagId] : undefined;
  if (!dag) throw new UnknownDagError(dagId, Object.keys(DAGS));
  return dag;
}
