import { describe, test } from 'node:test';
import { validateDag, type DagSpec } from '../../../common/dag';
import { createCpuActivities, type ActivityDeps } from '../../../activities';
import { createDagTestingActivities } from '../../../activities/dag-testing';
import { dagSmokeTest } from '../../../workflows/dag/smoke-dag';
import * as fixtures from '../../integration/dag/fixtures/dags';

// Import test, as Airflow's DagBag test: importing a DAG module runs build(), which throws a
// DagValidationError naming every problem; here each DAG is also checked against the activities
// a worker registers.
const registeredActivities = Object.keys(createDagTestingActivities());
const modules: unknown[] = Object.values(fixtures);
const dags = modules.filter((v): v is DagSpec => typeof v === 'object' && v !== null && 'tasks' in v);

describe('DAG import test', () => {
  for (const dag of dags) {
    test(`${dag.id} imports, validates and names only registered activities`, () => {
      validateDag(dag, { registeredActivities });
    });
  }

  // The smoke DAG runs on a deployment, where only the production cpu activities are registered.
  test(`${dagSmokeTest.id} names only activities the production cpu worker registers`, () => {
    // Only the names matter; the factories do not touch their deps when building.
    validateDag(dagSmokeTest, { registeredActivities: Object.keys(createCpuActivities({} as ActivityDeps)) });
  });
});
