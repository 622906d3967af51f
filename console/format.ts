import { formatDuration } from '../common/dag/duration';

export { formatDuration };

/** An ISO instant as the pages show it: minutes, in UTC (the logical dates are UTC too). */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)} UTC`;
}

/** A logical date shows as its day: runs are keyed by week. */
export function formatDay(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/** A metric with three decimals; absent as an en dash. */
export function formatMetric(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '–' : value.toFixed(3);
}

/** The console's path of a run's page (workflow ids hold slashes: one encoded segment). */
export function runPath(workflowId: string, suffix = ''): string {
  return `/runs/${encodeURIComponent(workflowId)}${suffix}`;
}
