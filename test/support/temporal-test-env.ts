import { TestWorkflowEnvironment } from '@temporalio/testing';
import { locateTool } from '../../lib/tools';
import { SEARCH_ATTRIBUTES } from '../../common/search-attributes';

/**
 * Starts a real Temporal dev server (the pinned CLI binary, never the SDK's download) with the
 * project's search attributes registered. Each test file gets its own server on a free port.
 */
export async function startTemporalTestEnv(): Promise<TestWorkflowEnvironment> {
  const path = locateTool('temporal', { install: true });
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      searchAttributes: Object.values(SEARCH_ATTRIBUTES),
      extraArgs: ['--log-level', 'error'],
    },
  });
}

/** A unique task queue per test, so tests never steal each other's tasks. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
