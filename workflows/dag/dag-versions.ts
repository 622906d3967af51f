import { patched } from '@temporalio/workflow';
import type { DagDefinition } from '../../common/dag';

/**
 * The definitions a DAG workflow serves, newest first. A run keeps the version it started with:
 * a new run records the patch marker `<dagId>@v<version>` of the newest one; a run replaying a
 * history without that marker takes the newest older version whose marker it has, and a history
 * with no marker at all (every run started before the first bump) takes the oldest. See
 * docs/versioning.md for when to bump and when an old definition may go.
 */
export class DagVersions<P = unknown, O = unknown> {
  readonly newestFirst: readonly DagDefinition<P, O>[];

  constructor(current: DagDefinition<P, O>, previous: readonly DagDefinition<P, O>[]) {
    const all = [current, ...previous];
    const problems: string[] = [];
    for (const dag of all) {
      if (dag.id !== current.id) problems.push(`a previous version has DAG id "${dag.id}", expected "${current.id}"`);
      if (!Number.isInteger(dag.version) || dag.version < 1) problems.push(`version must be a positive integer (got ${JSON.stringify(dag.version)})`);
    }
    const sorted = [...all].sort((a, b) => b.version - a.version);
    if (sorted[0] !== current) problems.push(`the current definition (v${current.version}) must have the highest version (got v${sorted[0]!.version})`);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.version === sorted[i - 1]!.version) problems.push(`version ${sorted[i]!.version} is given twice`);
    }
    if (problems.length > 0) throw new Error(`versions of DAG "${current.id}" are invalid: ${problems.join('; ')}`);
    this.newestFirst = sorted;
  }

  get id(): string {
    return this.newestFirst[0]!.id;
  }

  /** The definition a run executes; `carried` is the version a continue-as-new segment inherits. */
  choose(carried: number | undefined): DagDefinition<P, O> {
    if (carried !== undefined) {
      const dag = this.newestFirst.find((d) => d.version === carried);
      // A plain Error fails the workflow task, which retries: deploying a worker that still has
      // this version resumes the run instead of failing it.
      if (!dag)
        throw new Error(`this worker has no version ${carried} of DAG "${this.id}" (it has ${this.newestFirst.map((d) => `v${d.version}`).join(', ')})`);
      return dag;
    }
    const oldest = this.newestFirst[this.newestFirst.length - 1]!;
    for (const dag of this.newestFirst) {
      if (dag === oldest) return dag;
      if (patched(versionPatchId(dag))) return dag;
    }
    return oldest;
  }
}

export function versionPatchId(dag: { readonly id: string; readonly version: number }): string {
  return `${dag.id}@v${dag.version}`;
}

/**
 * Marks runs that refuse what a caller may not set (a forged `carried`, a task queue this
 * deployment does not poll, a logical date out of range). Recorded only by a run that has such a
 * problem, so a run started before the check, replayed, keeps going as it went.
 */
export const CALLER_INPUT_CHECKS_PATCH = 'dag-caller-input-checks';

/**
 * Marks runs that record their outcome in the `Outcome` search attribute (waiting for approval,
 * paused, and how they ended). Every new run records it in its first workflow task; a run
 * replayed from before it upserts nothing new, so its commands stay as they were.
 */
export const RUN_OUTCOME_PATCH = 'dag-run-outcome';

/**
 * Marks runs in which a task's own `onFailure` (and its `pauseTimeout`) applies. Recorded when
 * such a task first fails, so a run from before it, replayed, fails that task as it did.
 */
export const TASK_FAILURE_POLICY_PATCH = 'dag-task-on-failure';
