import { fnv1a32 } from '../ml/hash';

/** Upper bounds (exclusive) of the text-length buckets, in characters; the last bucket is open. */
export const LENGTH_EDGES = [20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000] as const;
/** Tokens are hashed into this many buckets: a fixed-size token distribution whatever the vocabulary. */
export const TOKEN_BUCKETS = 64;

/** Distributions compared between snapshots; plain arrays so they sit in a JSON report. */
export interface TextProfile {
  rows: number;
  labelCounts: [number, number];
  lengthCounts: number[];
  tokenCounts: number[];
}

export function emptyProfile(): TextProfile {
  return { rows: 0, labelCounts: [0, 0], lengthCounts: new Array(LENGTH_EDGES.length + 1).fill(0), tokenCounts: new Array(TOKEN_BUCKETS).fill(0) };
}

// ASCII only: fnv1a32 hashes UTF-8 bytes, which equal the code units here, so buckets match older reports.
const TOKEN = /[a-z0-9][a-z0-9']*/g;

export function addToProfile(profile: TextProfile, text: string, label: 0 | 1): void {
  profile.rows++;
  profile.labelCounts[label]++;
  let bucket = LENGTH_EDGES.findIndex((edge) => text.length < edge);
  if (bucket === -1) bucket = LENGTH_EDGES.length;
  profile.lengthCounts[bucket]!++;
  for (const token of text.toLowerCase().match(TOKEN) ?? []) profile.tokenCounts[fnv1a32(token) % TOKEN_BUCKETS]!++;
}

// Empty bins would make ln(p/q) infinite; a small floor is the usual PSI convention.
const FLOOR = 1e-4;

/** Population stability index of `actual` against `expected` (bin counts of equal length). */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  const e = expected.reduce((a, b) => a + b, 0);
  const a = actual.reduce((x, y) => x + y, 0);
  if (e === 0 || a === 0) return 0;
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const p = Math.max((actual[i] ?? 0) / a, FLOOR);
    const q = Math.max(expected[i]! / e, FLOOR);
    sum += (p - q) * Math.log(p / q);
  }
  return sum;
}
