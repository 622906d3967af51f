import { z } from 'zod';
import type { DurationInput } from './types';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/**
 * Parses a duration to milliseconds, or returns undefined when it is not one. Deliberately
 * narrower than Temporal's `ms` strings so a typo such as "5 mins" is caught by validation
 * instead of silently meaning something else.
 */
export function parseDuration(value: DurationInput): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? value : undefined;
  }
  const match = PATTERN.exec(value.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms > 0 ? Math.round(ms) : undefined;
}

/** What a duration string looks like, for messages about a bad one. */
export const DURATION_RULE = 'a duration such as 500ms, 30s, 5m, 1h or 2d';

/**
 * A string field holding a duration in parseDuration's grammar, the one grammar of params,
 * config and schedules; the value stays the string as written.
 */
export function durationString(expected: string = DURATION_RULE) {
  return z.string().refine((value) => parseDuration(value) !== undefined, expected);
}

/** For values already validated; throws if validation was skipped. */
export function durationMs(value: DurationInput): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new RangeError(`not a duration: ${JSON.stringify(value)}`);
  return ms;
}

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms % 1_000 === 0 ? 0 : 1)}s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(ms % 60_000 === 0 ? 0 : 1)}m`;
  return `${(ms / 3_600_000).toFixed(ms % 3_600_000 === 0 ? 0 : 1)}h`;
}
