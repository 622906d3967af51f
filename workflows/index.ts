// Every workflow type the workers register, re-exported by name. The export name is the
// workflow type, so a DAG workflow is exported under its DAG id. Test-only workflows (the walking
// skeleton, the engine's fixtures) are bundled by the tests that run them.
export { dag_smoke_test } from './dag/smoke-workflow';
export { weekly_retraining } from './retraining';
export { drift_monitor } from './drift';
export { deploy_model } from './deploy';
