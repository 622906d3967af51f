import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import { locateTool } from '../tools';

// Tests and benches only: @temporalio/testing is a devDependency, so lib/temporal/index.ts does
// not re-export this file and no production entry point loads it.

/**
 * Starts a real Temporal dev server (the pinned CLI binary, never the SDK's download) with the
 * project's search attributes registered, on a free port, for one test file or bench run.
 */
export async function startTemporalTestEnv(): Promise<TestWorkflowEnvironment> {
  quietSdkLogs();
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

/** Worker state chatter at INFO buries test output; keep the SDK's warnings and errors. */
function quietSdkLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by this test file (a harness with its own logger): keep that one.
  }
}
