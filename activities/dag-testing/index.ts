export { ConcurrencyTracker, createDagTestingActivities, type DagTestingActivities, type DagTestingDeps } from './dag-testing-activities';
