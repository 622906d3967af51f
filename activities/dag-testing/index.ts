export { ConcurrencyTracker, createDagTestingActivities, type DagTestingActivities, type DagTestingDeps } from './dag-testing-activities';
export { createSmokeActivities, type SmokeActivities } from './smoke-activities';
