const UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses `500ms`, `30s`, `5m`, `1h` into milliseconds (the config schema has already checked the shape). */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`duration "${text}" is invalid: expected a number followed by ms, s, m or h`);
  return Number(match[1]) * UNITS_MS[match[2] as keyof typeof UNITS_MS];
}
