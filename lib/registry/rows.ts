import type { ArtifactRef } from '../artifacts';
import type { AliasHistoryEntry, GateOutcome, ModelVersion, StatusHistoryEntry, VersionStatus } from './registry-types';

/** A model_versions row as node-postgres returns it (bigint arrives as a string). */
export interface VersionRow {
  model: string;
  version: number;
  registration_key: string;
  status: VersionStatus;
  model_uri: string;
  model_sha256: string;
  model_size_bytes: string;
  baseline_uri: string;
  baseline_sha256: string;
  baseline_size_bytes: string;
  checkpoint_uri: string | null;
  checkpoint_sha256: string | null;
  checkpoint_size_bytes: string | null;
  reports: Record<string, ArtifactRef>;
  metrics: Record<string, unknown>;
  params: Record<string, unknown>;
  dataset_manifest: Record<string, unknown>;
  dataset_sha256: string;
  code_version: string;
  workflow_id: string;
  run_id: string;
  dag_id: string | null;
  task_id: string;
  logical_date: Date | null;
  gate: GateOutcome;
  created_at: Date;
  status_changed_at: Date;
}

export function toModelVersion(row: VersionRow): ModelVersion {
  const checkpoint =
    row.checkpoint_uri !== null && row.checkpoint_sha256 !== null
      ? { uri: row.checkpoint_uri, sha256: row.checkpoint_sha256, sizeBytes: Number(row.checkpoint_size_bytes) }
      : null;
  return {
    model: row.model,
    version: row.version,
    status: row.status,
    registrationKey: row.registration_key,
    artifacts: {
      model: { uri: row.model_uri, sha256: row.model_sha256, sizeBytes: Number(row.model_size_bytes) },
      baseline: { uri: row.baseline_uri, sha256: row.baseline_sha256, sizeBytes: Number(row.baseline_size_bytes) },
      checkpoint,
      reports: row.reports,
    },
    metrics: row.metrics,
    params: row.params,
    dataset: { manifest: row.dataset_manifest, sha256: row.dataset_sha256 },
    codeVersion: row.code_version,
    lineage: {
      workflowId: row.workflow_id,
      runId: row.run_id,
      dagId: row.dag_id,
      taskId: row.task_id,
      logicalDate: row.logical_date?.toISOString() ?? null,
    },
    gate: row.gate,
    createdAt: row.created_at.toISOString(),
    statusChangedAt: row.status_changed_at.toISOString(),
  };
}

export interface AliasHistoryRow {
  id: string;
  model: string;
  alias: string;
  from_version: number | null;
  to_version: number | null;
  actor: string;
  reason: string;
  workflow_id: string | null;
  at: Date;
}

export function toAliasHistoryEntry(row: AliasHistoryRow): AliasHistoryEntry {
  return {
    id: Number(row.id),
    model: row.model,
    alias: row.alias,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    actor: row.actor,
    reason: row.reason,
    workflowId: row.workflow_id,
    at: row.at.toISOString(),
  };
}

export interface StatusHistoryRow {
  id: string;
  model: string;
  version: number;
  from_status: VersionStatus | null;
  to_status: VersionStatus;
  actor: string;
  reason: string;
  workflow_id: string | null;
  at: Date;
}

export function toStatusHistoryEntry(row: StatusHistoryRow): StatusHistoryEntry {
  return {
    id: Number(row.id),
    model: row.model,
    version: row.version,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    actor: row.actor,
    reason: row.reason,
    workflowId: row.workflow_id,
    at: row.at.toISOString(),
  };
}
