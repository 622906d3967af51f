import { Context } from '@temporalio/activity';
import { readAll, type ArtifactRef } from '../../lib/artifacts';
import type { ActivityDeps } from '../deps';

export interface DatabaseProbe {
  serverVersion: string;
  migrationsApplied: number;
  databaseTime: string;
}

/**
 * CPU activities of the walking skeleton: each touches one real part of the stack. Registered only
 * by test/integration/walking-skeleton.test.ts, never by the production workers.
 */
export function createSkeletonCpuActivities({ pool, store }: ActivityDeps) {
  return {
    async probeDatabase(): Promise<DatabaseProbe> {
      const { rows } = await pool.query<{ version: string; migrations: string; now: Date }>(
        "SELECT current_setting('server_version') AS version, (SELECT count(*) FROM schema_migrations) AS migrations, now() AS now",
      );
      const row = rows[0]!;
      return { serverVersion: row.version, migrationsApplied: Number(row.migrations), databaseTime: row.now.toISOString() };
    },

    /** Keyed by run: a retry gets the same input from history, so writes the same bytes to the same key. */
    async writeSkeletonArtifact(input: { probe: DatabaseProbe }): Promise<ArtifactRef> {
      const { workflowExecution, activityId } = Context.current().info;
      const workflowId = workflowExecution?.workflowId ?? activityId;
      const runId = workflowExecution?.runId ?? 'standalone';
      const body = JSON.stringify({ workflowId, probe: input.probe }, null, 2);
      return store.put(`skeleton/${workflowId.replace(/[^\w./-]/g, '_')}/${runId}/probe.json`, body, { contentType: 'application/json' });
    },
  };
}

/** GPU-queue activity of the walking skeleton: proves the gpu worker polls and reads artifacts. */
export function createSkeletonGpuActivities({ store }: ActivityDeps) {
  return {
    async verifySkeletonArtifact(ref: ArtifactRef): Promise<{ verifiedSha256: string; bytes: number; taskQueue: string }> {
      const bytes = await readAll(await store.openRead(ref.uri, ref.sha256));
      return { verifiedSha256: ref.sha256, bytes: bytes.length, taskQueue: Context.current().info.taskQueue };
    },
  };
}

export type SkeletonCpuActivities = ReturnType<typeof createSkeletonCpuActivities>;
export type SkeletonGpuActivities = ReturnType<typeof createSkeletonGpuActivities>;
