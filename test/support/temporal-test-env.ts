// Lives in lib/ so that benches start the same server without importing test support.
export { startTemporalTestEnv, uniqueTaskQueue } from '../../lib/temporal/local-test-env';
