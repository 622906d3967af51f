import type { FactoryClient } from '../../client/factory-client';
import type { RegistryReads } from '../../client/registry-reads';
import type { RunOutcome } from '../../client/run-outcome';
import type { DagSpec, TaskKind, TaskState } from '../../common/dag';
import type { ArtifactStore } from '../../lib/artifacts/types';
import type { AliasMove, RollbackOptions, VersionStatus } from '../../lib/registry/registry-types';
import type { TrafficSplit } from '../../lib/serving/traffic-store';
import type { RolloutAction } from '../../client/operator';
import type { OperatorCommand } from '../../workflows/deploy/rollout-control';

/** The registry write the console performs; lib/registry's ModelRegistry has it. */
export interface RegistryRollback {
  rollback(model: string, options: RollbackOptions): Promise<AliasMove>;
}

/** The traffic split store's reads (lib/serving/traffic-store.ts over the registry's database). */
export interface TrafficReads {
  /** The model's current split, or null when none was ever set. */
  readTrafficSplit(model: string): Promise<TrafficSplit | null>;
  /** Every split the model had, oldest first. */
  trafficHistory(model: string): Promise<TrafficSplit[]>;
}

/**
 * What the console's views read and act through, injected by the server. A registry without
 * `rollback` (reads only) makes the rollback action answer that the console cannot write.
 */
export interface ConsoleDeps {
  readonly client: FactoryClient;
  readonly registry: RegistryReads & Partial<RegistryRollback>;
  readonly artifacts: ArtifactStore;
  /** The traffic split of served models; absent: the model page shows no traffic and rollouts no stage. */
  readonly traffic?: TrafficReads;
  /** The Temporal Web UI, e.g. `http://127.0.0.1:8233`. */
  readonly temporalUiUrl: string;
  readonly namespace: string;
  /** Task queue runs started from the trigger form go to (where the workflow workers poll). @default "factory-cpu" */
  readonly taskQueue?: string;
  /**
   * The console's URL of an artifact (the route serving artifactForDisplay).
   * @default `/artifacts?uri=<encoded uri>&run=<workflow id>` (artifactHref)
   */
  readonly artifactHref?: (uri: string, workflowId?: string) => string;
}

/** Who performs an action; recorded in the run or the registry. */
export interface Actor {
  readonly name: string;
  readonly via: 'console';
}

/** How the console shows an outcome: a kind for colour and filtering, a sentence for people. */
/**
 * A closed run's RunOutcome, `running` / `waiting_for_approval` / `paused` while open, or another
 * value of the run's `Outcome` search attribute (the engine's vocabulary) as it is.
 */
export type OutcomeKind = RunOutcome | 'running' | 'waiting_for_approval' | 'paused' | (string & {});

export interface OutcomeCell {
  readonly kind: OutcomeKind;
  /** e.g. `promoted spam v6`, `gate failed: f1 0.41 < 0.6`, `rejected by ana: too risky`. */
  readonly text: string;
}

/** What the runs page selects; every field narrows the list (AND). */
export interface RunFilter {
  readonly dagId?: string;
  readonly model?: string;
  /** A RunOutcome, or `running`, `waiting_for_approval`, `paused`. */
  readonly outcome?: OutcomeKind;
  /** ISO instants (or `YYYY-MM-DD`) bounding the logical date, inclusive. */
  readonly from?: string;
  readonly to?: string;
  /** @default 50 */
  readonly limit?: number;
}

/** One run of the runs page. Times are ISO strings. */
export interface RunRow {
  readonly workflowId: string;
  readonly runId: string;
  readonly dagId?: string;
  readonly model?: string;
  readonly logicalDate?: string;
  /** scheduled, manual or backfill. */
  readonly runKind?: string;
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED, ... */
  readonly status: string;
  readonly outcome: OutcomeCell;
  readonly startedAt: string;
  readonly closedAt?: string;
  /** The run's page in the Temporal Web UI. */
  readonly temporalUiUrl: string;
}

/** Recent runs × tasks, for the grid view. */
export interface RunsGrid {
  /** Union of the runs' DAG task ids, in DAG order. */
  readonly taskIds: string[];
  readonly runs: {
    readonly workflowId: string;
    readonly dagId?: string;
    readonly logicalDate?: string;
    readonly outcome: OutcomeCell;
    /** A task the run does not have (another DAG) is absent. */
    readonly states: Partial<Record<string, TaskState>>;
  }[];
}

/** A link to an artifact, served by the console (`href`). */
export interface ArtifactLink {
  /** e.g. `dataset manifest`, `validation report`, `model`, `evaluation report`, `roc plot`. */
  readonly label: string;
  readonly uri: string;
  readonly href: string;
}

export type TaskAction = 'retry' | 'skip';
export type RunAction = 'fail-run';

/** One task of the run page. */
export interface TaskRow {
  readonly id: string;
  readonly kind: TaskKind;
  readonly state: TaskState;
  readonly tries: number;
  /** Activity attempts of the last try, when known. */
  readonly attempts?: number;
  readonly startedAt?: string;
  readonly endedAt?: string;
  /** Until now for a running task. */
  readonly durationMs?: number;
  /** From the task's heartbeat details (train_model: epoch i of n, loss). */
  readonly progress?: { readonly epoch: number; readonly epochs: number; readonly loss?: number };
  /** Mapped tasks: items in total and finished. */
  readonly mapped?: { readonly total: number; readonly done: number };
  /** Other heartbeats as a line, e.g. `scoring candidate 1200/4000 rows`. */
  readonly progressText?: string;
  readonly error?: string;
  /** An approval task's decision: who and why. */
  readonly decision?: { readonly decision: 'approve' | 'reject'; readonly by: string; readonly reason?: string };
  readonly artifacts: ArtifactLink[];
  /** A task paused on failure: when it fails unless an operator acts (ISO); absent: it waits. */
  readonly pausedUntil?: string;
  /** Operator Updates the engine accepts for this task now. */
  readonly actions: TaskAction[];
}

/** The approval an open run waits for. */
export interface AwaitingView {
  readonly taskId: string;
  readonly prompt?: string;
  readonly model?: string;
  readonly awaitingVersion?: number;
  /** ISO instant of the default decision. */
  readonly deadline: string;
}

export type { RolloutAction, TrafficSplit };

/** A deploy_model run's rollout: where its traffic is and what operators asked (getRolloutControl). */
export interface RolloutView {
  readonly model: string;
  readonly version: number;
  /** e.g. `shadow`, `canary 25%`, `off`; absent without traffic reads. */
  readonly stage?: string;
  readonly paused: OperatorCommand | null;
  readonly resumed: OperatorCommand | null;
  readonly promoteNow: OperatorCommand | null;
  readonly abort: OperatorCommand | null;
  /** How it ended (`passed`, `rolled_back`, `promote_now`, `aborted`, ...) once decided; from finish_rollout's output. */
  readonly decision?: string;
  /** The reasons that came with the decision. */
  readonly reasons?: readonly string[];
  /** The control Query failed (an old run, a worker down): its message. */
  readonly unavailable?: string;
  /** The Updates the rollout's validators accept now. */
  readonly actions: RolloutAction[];
}

export interface RunDetail {
  readonly meta: RunRow;
  /** The DAG, for lib/graph's renderer; undefined for a workflow type outside the catalog. */
  readonly spec?: DagSpec;
  /** Task states by id, as the graph colours them. */
  readonly states: Record<string, TaskState>;
  readonly tasks: TaskRow[];
  readonly runActions: RunAction[];
  readonly approval?: AwaitingView;
  /** deploy_model runs only. */
  readonly rollout?: RolloutView;
  /** e.g. `6/13 done · running: train_model`. */
  readonly progress: string;
  readonly closed: boolean;
  /** Why a closed run did not succeed. */
  readonly failure?: string;
  readonly temporalUiUrl: string;
}

/** One metric of the candidate against the champion. */
export interface MetricPair {
  readonly name: string;
  /** The candidate on the full holdout. */
  readonly candidate?: number;
  /** The champion on the comparison rows (holdout rows it did not train on). */
  readonly champion?: number;
  /** The naive-Bayes baseline trained on the same rows. */
  readonly baseline?: number;
}

export interface GateCheckView {
  readonly name: string;
  readonly passed: boolean;
  readonly value?: number;
  readonly threshold?: number;
  /** e.g. `f1 0.91 ≥ 0.6`. */
  readonly text: string;
}

export interface DatasetSummary {
  readonly rows?: number;
  readonly labelCounts?: Record<string, number>;
  readonly interval?: { readonly start: string; readonly end: string };
  readonly sha256?: string;
  readonly manifest?: ArtifactLink;
}

export interface DriftSummary {
  readonly passed?: boolean;
  /** Each drift measure with its value and levels, e.g. PSI of the text length. */
  readonly checks: { readonly name: string; readonly value?: number; readonly level?: string; readonly text: string }[];
  readonly report?: ArtifactLink;
}

export interface ApprovalDetail {
  readonly workflowId: string;
  readonly taskId: string;
  readonly prompt?: string;
  readonly awaiting: { readonly model?: string; readonly version?: number; readonly deadline: string };
  readonly championVersion?: number;
  readonly metrics: MetricPair[];
  readonly gate?: { readonly passed: boolean; readonly reasons: string[]; readonly checks: GateCheckView[] };
  readonly plots: ArtifactLink[];
  readonly dataset?: DatasetSummary;
  readonly drift?: DriftSummary;
  readonly temporalUiUrl: string;
}

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

export interface TriggerField {
  /** Dotted path in the params, e.g. `gate.minF1`; `logicalDate` is the run option. */
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  /** The default as the form shows it (a string, JSON for `json` fields). */
  readonly default?: string;
  /** No default here, but the code reading the param has one: what applies when left empty. */
  readonly placeholder?: string;
  readonly description?: string;
  readonly enumValues?: string[];
  readonly min?: number;
  readonly max?: number;
  /** Exclusive bounds (`> min`), as the schema says. */
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
  /** A regular expression the whole value must match (HTML `pattern`). */
  readonly pattern?: string;
  /** `date-time`: an ISO-8601 instant with offset. */
  readonly format?: 'date-time';
  readonly required: boolean;
}

export interface TriggerForm {
  readonly dagId: string;
  readonly summary: string;
  readonly fields: TriggerField[];
}

export interface FieldError {
  readonly field: string;
  readonly value: string;
  readonly message: string;
}

export type TriggerResult =
  | {
      readonly ok: true;
      readonly workflowId: string;
      readonly runId: string;
      /** true: the week (business key) already had a run; nothing new started. */
      readonly alreadyRunning: boolean;
      /** The run's page in the Temporal Web UI. */
      readonly link: string;
    }
  | { readonly ok: false; readonly errors: FieldError[] };

export interface VersionRow {
  readonly version: number;
  readonly status: VersionStatus;
  readonly metrics: { readonly f1?: number; readonly precision?: number; readonly recall?: number; readonly rocAuc?: number };
  readonly gatePassed: boolean;
  readonly datasetSha256: string;
  readonly codeVersion: string;
  readonly run: { readonly workflowId: string; readonly runId: string; readonly temporalUiUrl: string };
  readonly createdAt: string;
  readonly aliases: string[];
}

export interface ModelsView {
  readonly models: {
    readonly name: string;
    readonly description: string;
    readonly latestVersion: number | null;
    readonly champion: number | null;
    readonly challenger: number | null;
    readonly championMetrics?: VersionRow['metrics'];
  }[];
}

export interface HistoryRow {
  readonly at: string;
  /** e.g. `champion: v2 → v3` or `v3: challenger → champion`. */
  readonly change: string;
  readonly actor: string;
  readonly reason: string;
  readonly workflowId?: string;
}

export interface ModelDetail {
  readonly name: string;
  readonly description: string;
  readonly champion: number | null;
  readonly challenger: number | null;
  /** Newest first. */
  readonly versions: VersionRow[];
  /** Newest first. */
  readonly aliasHistory: HistoryRow[];
  readonly statusHistory: HistoryRow[];
  /** Whether the console can roll back (a champion with a predecessor, a writable registry). */
  readonly canRollback: boolean;
  /** Where the model's traffic goes now; null: never split (the champion answers everything); absent: not read. */
  readonly traffic?: TrafficSplit | null;
  /** Every split, newest first: stage, who set it, why. */
  readonly trafficHistory?: readonly TrafficSplit[];
}

export type ConsoleAction =
  /** Approving must name the version reviewed (`act` refuses without it); the run refuses another one. */
  | {
      readonly kind: 'approve' | 'reject';
      readonly workflowId: string;
      readonly version?: number;
      readonly model?: string;
      readonly reason?: string;
      readonly taskId?: string;
    }
  | { readonly kind: 'retry' | 'skip'; readonly workflowId: string; readonly taskId: string }
  | { readonly kind: 'fail-run'; readonly workflowId: string }
  /** A deploy_model run's pause, resume, promote-now or abort Update. */
  | { readonly kind: 'rollout'; readonly workflowId: string; readonly step: RolloutAction; readonly reason?: string }
  /**
   * `from`: the champion the page showed; with it a repeated click is a no-op, and a champion
   * moved by someone else meanwhile is refused instead of rolled back.
   */
  | { readonly kind: 'rollback'; readonly model: string; readonly reason: string; readonly to?: number; readonly from?: number };

export type ActionResult = { readonly ok: true; readonly message: string } | { readonly ok: false; readonly message: string };

export interface DisplayableArtifact {
  readonly contentType: string;
  readonly body: Buffer;
}
