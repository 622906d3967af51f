/**
 * RFC 2822 `Date:` parsing that tolerates what real mail carries: two-digit years, one-digit
 * hours, `+-0500`, Windows zone names ("Eastern Daylight Time"), trailing junk such as
 * SpamAssassin rule names, and the `2002/09/14 Sat 02:29:32 CDT` shape. `Date.parse` rejects
 * about 0.5% of the corpus, so this does not rely on it.
 */

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** Offsets in minutes east of UTC, for the names found in the corpus and RFC 822's list. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  bst: 60,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  eet: 120,
  eest: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  hst: -600,
  akst: -540,
  akdt: -480,
  jst: 540,
  kst: 540,
  ist: 330,
  'eastern standard time': -300,
  'eastern daylight time': -240,
  'central standard time': -360,
  'central daylight time': -300,
  'mountain standard time': -420,
  'mountain daylight time': -360,
  'us mountain standard time': -420,
  'pacific standard time': -480,
  'pacific daylight time': -420,
  'greenwich standard time': 0,
  'gmt standard time': 0,
  'gmt daylight time': 60,
  'arabian standard time': 240,
  'w. europe standard time': 60,
  'w. europe daylight time': 120,
};

export type DateParse =
  | { ok: true; date: Date; zone: 'numeric' | 'named' | 'assumed-utc'; /** A `0102`-style year read as 2002. */ yearRepaired: boolean }
  | { ok: false; reason: string };

function zoneOffset(rest: string): { minutes: number; zone: 'numeric' | 'named' | 'assumed-utc' } {
  const trimmed = rest.replace(/\([^)]*\)/g, ' ').trim();
  // "+-0500" comes from a broken mailer printing a negative offset with a sign in front.
  const numeric = /^(\+-|[+-])(\d{2})(\d{2})\b/.exec(trimmed);
  if (numeric) {
    const sign = numeric[1] === '+' ? 1 : -1;
    return { minutes: sign * (Number(numeric[2]) * 60 + Number(numeric[3])), zone: 'numeric' };
  }
  const lower = trimmed.toLowerCase();
  for (const name of Object.keys(ZONES).sort((a, b) => b.length - a.length)) {
    if (lower === name || lower.startsWith(`${name} `) || lower.startsWith(`${name}+`) || lower.startsWith(`${name}-`)) {
      return { minutes: ZONES[name]!, zone: 'named' };
    }
  }
  return { minutes: 0, zone: 'assumed-utc' };
}

function fullYear(y: string): number {
  const n = Number(y);
  // "0102" and "102": mailers that printed tm_year (years since 1900) after 1999.
  if (n >= 100 && n < 200) return 1900 + n;
  if (y.length >= 3) return n;
  // RFC 2822 §4.3: two-digit years below 50 are 20xx.
  return n < 50 ? 2000 + n : 1900 + n;
}

function build(year: number, month: number, day: number, h: number, m: number, s: number, offsetMin: number): Date | undefined {
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return undefined;
  const utc = Date.UTC(year, month, day, h, m, Math.min(s, 59)) - offsetMin * 60_000;
  const date = new Date(utc);
  // Rejects 31 Feb and the like, which Date.UTC silently rolls into March.
  if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return undefined;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Parses the value of a `Date:` header (no header name). */
export function parseMailDate(value: string): DateParse {
  const v = value.replace(/\s+/g, ' ').trim();
  if (!v) return { ok: false, reason: 'empty' };
  const rfc = /(?:^|[\s,])(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{2,4}) (\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(.*)$/.exec(v);
  if (rfc) {
    const month = MONTHS[rfc[2]!.toLowerCase()];
    if (month === undefined) return { ok: false, reason: `unknown month "${rfc[2]}"` };
    const { minutes, zone } = zoneOffset(rfc[7] ?? '');
    const year = Number(rfc[3]);
    const date = build(fullYear(rfc[3]!), month, Number(rfc[1]), Number(rfc[4]), Number(rfc[5]), Number(rfc[6] ?? 0), minutes);
    return date ? { ok: true, date, zone, yearRepaired: year >= 100 && year < 200 } : { ok: false, reason: `out-of-range field in "${v}"` };
  }
  const slashed = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: [A-Za-z]{3})? (\d{1,2}):(\d{2})(?::(\d{2}))?(.*)$/.exec(v);
  if (slashed) {
    const { minutes, zone } = zoneOffset(slashed[7] ?? '');
    const date = build(
      Number(slashed[1]),
      Number(slashed[2]) - 1,
      Number(slashed[3]),
      Number(slashed[4]),
      Number(slashed[5]),
      Number(slashed[6] ?? 0),
      minutes,
    );
    return date ? { ok: true, date, zone, yearRepaired: false } : { ok: false, reason: `out-of-range field in "${v}"` };
  }
  // asctime, as on the mbox envelope line: "Thu Aug 22 12:36:23 2002" (always UTC there).
  const asc = /([A-Za-z]{3}) +(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) (\d{4})/.exec(v);
  if (asc) {
    const month = MONTHS[asc[1]!.toLowerCase()];
    if (month === undefined) return { ok: false, reason: `unknown month "${asc[1]}"` };
    const date = build(Number(asc[6]), month, Number(asc[2]), Number(asc[3]), Number(asc[4]), Number(asc[5]), 0);
    return date ? { ok: true, date, zone: 'assumed-utc', yearRepaired: false } : { ok: false, reason: `out-of-range field in "${v}"` };
  }
  return { ok: false, reason: `unrecognised date "${v.slice(0, 80)}"` };
}
