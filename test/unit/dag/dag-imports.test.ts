import { describe, test } from 'node:test';
import { validateDag, type DagSpec } from '../../../common/dag';
import { createDagTestingActivities } from '../../../activities/dag-testing';
import { dagSmokeTest } from '../../../workflows/dag/smoke-dag';
import * as fixtures from '../../integration/dag/fixtures/dags';

// Import test, as Airflow's DagBag test: importing a DAG module runs build(), which throws a
// DagValidationError naming every problem; here each DAG is also checked against the activities
// a worker registers.
const registeredActivities = Object.keys(createDagTestingActivities());
const modules: unknown[] = [dagSmokeTest, ...Object.values(fixtures)];
const dags = modules.filter((v): v is DagSpec => typeof v === 'object' && v !== null && 'tasks' in v);

describe('DAG import test', () => {
  for (const dag of dags) {
    test(`${dag.id} imports, validates and names only registered activities`, () => {
      validateDag(dag, { registeredActivities });
    });
  }
});
