import { z } from 'zod';
import type { ArtifactRef } from '../artifacts';
import { DatasetManifestSchema } from '../dataset';
import { ModelNameSchema } from '../../common/validation';
import { ArtifactRefSchema } from '../artifacts/types';

/** Lifecycle of a version; `champion` and `challenger` mirror the aliases of the same names. */
export const VERSION_STATUSES = ['registered', 'challenger', 'champion', 'archived', 'rejected'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** The aliases whose moves also change version statuses; any other alias is a plain pointer. */
export const ALIASES = { champion: 'champion', challenger: 'challenger' } as const;

// One rule for every boundary and the database's CHECK.
export { ModelNameSchema };

export const VersionNumberSchema = z.number().int().positive();

export const AliasNameSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'must be lowercase letters, digits, "_" or "-", starting with a letter');

// One schema for an artifact reference (lib/artifacts), re-exported for the registry's callers.
export { ArtifactRefSchema };

export const GateOutcomeSchema = z
  .object({ passed: z.boolean(), reasons: z.array(z.string()) })
  // The gate's per-check details are kept as they come.
  .loose();

export const LineageSchema = z.object({
  workflowId: z.string().min(1),
  runId: z.string().min(1),
  dagId: z.string().min(1).optional(),
  taskId: z.string().min(1),
  /** The run's logical date (ISO-8601 with offset), which fixes its data interval. */
  logicalDate: z.iso.datetime({ offset: true }).optional(),
});

export const RegisterVersionInputSchema = z.object({
  model: ModelNameSchema,
  /** Stored when the model is first registered; later registrations leave it as it is. */
  description: z.string().optional(),
  /**
   * Business key of the registering step, `workflowId/taskId` by convention; never the run id,
   * so a retried activity or a crashed-and-retried one finds its version instead of adding one.
   */
  registrationKey: z.string().min(1),
  artifacts: z.object({
    model: ArtifactRefSchema,
    baseline: ArtifactRefSchema,
    checkpoint: ArtifactRefSchema.optional(),
    /** Reports and plots by name, e.g. `evaluation`, `roc`, `pr`, `confusion`, `loss`. */
    reports: z.record(z.string().min(1), ArtifactRefSchema).default({}),
  }),
  metrics: z.record(z.string(), z.unknown()),
  params: z.record(z.string(), z.unknown()),
  /** Stored as given; its sha256 is also kept in a column for lineage joins. */
  datasetManifest: DatasetManifestSchema.loose(),
  codeVersion: z.string().min(1),
  lineage: LineageSchema,
  gate: GateOutcomeSchema,
});

export type RegisterVersionInput = z.input<typeof RegisterVersionInputSchema>;
export type GateOutcome = z.infer<typeof GateOutcomeSchema>;
export type Lineage = z.infer<typeof LineageSchema>;

/** Who moves an alias or changes a status, and why; kept in the history tables. */
export const ChangeContextSchema = z.object({
  actor: z.string().min(1),
  reason: z.string().min(1),
  workflowId: z.string().min(1).optional(),
});
export type ChangeContext = z.input<typeof ChangeContextSchema>;

/** One registered version, as read back (dates as ISO strings so it travels as JSON). */
export interface ModelVersion {
  readonly model: string;
  readonly version: number;
  readonly status: VersionStatus;
  readonly registrationKey: string;
  readonly artifacts: {
    readonly model: ArtifactRef;
    readonly baseline: ArtifactRef;
    readonly checkpoint: ArtifactRef | null;
    readonly reports: Readonly<Record<string, ArtifactRef>>;
  };
  readonly metrics: Record<string, unknown>;
  readonly params: Record<string, unknown>;
  readonly dataset: { readonly manifest: Record<string, unknown>; readonly sha256: string };
  readonly codeVersion: string;
  readonly lineage: {
    readonly workflowId: string;
    readonly runId: string;
    readonly dagId: string | null;
    readonly taskId: string;
    readonly logicalDate: string | null;
  };
  readonly gate: GateOutcome;
  readonly createdAt: string;
  readonly statusChangedAt: string;
}

export interface RegisterResult {
  readonly version: ModelVersion;
  /** False when the registration key was already registered (a retry): nothing was written. */
  readonly created: boolean;
}

export interface ModelSummary {
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
  readonly latestVersion: number | null;
  readonly champion: number | null;
  readonly challenger: number | null;
}

export interface AliasState {
  readonly model: string;
  readonly alias: string;
  readonly version: number | null;
  readonly updatedAt: string | null;
}

/** Result of a call that may move an alias; `changed` is false for an idempotent repeat. */
export interface AliasMove {
  readonly model: string;
  readonly alias: string;
  readonly from: number | null;
  readonly to: number | null;
  readonly changed: boolean;
}

export interface AliasHistoryEntry {
  readonly id: number;
  readonly model: string;
  readonly alias: string;
  readonly fromVersion: number | null;
  readonly toVersion: number | null;
  readonly actor: string;
  readonly reason: string;
  readonly workflowId: string | null;
  readonly at: string;
}

export interface StatusHistoryEntry {
  readonly id: number;
  readonly model: string;
  readonly version: number;
  readonly fromStatus: VersionStatus | null;
  readonly toStatus: VersionStatus;
  readonly actor: string;
  readonly reason: string;
  readonly workflowId: string | null;
  readonly at: string;
}

export interface PromoteOptions extends ChangeContext {
  /**
   * The champion the caller compared its candidate with (null: none). When another version holds
   * the alias by now, nothing moves and ChampionChangedError says so. Omit to promote regardless.
   */
  expectedChampion?: number | null;
}

export interface RollbackOptions extends ChangeContext {
  /** Version to restore; @default the champion before the current one, from the alias history. */
  to?: number;
  /**
   * The champion being rolled back. With it the call is idempotent: when that version was already
   * rolled back, the current state is returned and nothing moves. @default the current champion
   */
  from?: number;
}
