import { Prng } from './prng';
import type { Sample } from './sample';

/**
 * Seeded synthetic spam/ham mails for tests, benchmarks and smoke runs without the real corpus.
 * Each mail mixes filler words with words typical of its label and, as noise, of the other one,
 * so a model must weigh evidence rather than spot a single keyword.
 */

const SPAM_WORDS = (
  'free winner cash prize offer click unsubscribe guaranteed urgent credit loan mortgage viagra ' +
  'pills discount cheap limited exclusive bonus casino lottery investment income rich deal order ' +
  'now act today million dollars refund risk-free congratulations selected'
).split(' ');
const HAM_WORDS = (
  'meeting project report review schedule patch build lunch tomorrow attached team release bug ' +
  'code agenda minutes draft deadline thanks regards kernel config server merge branch test ' +
  'notes slides conference paper budget invoice'
).split(' ');
const FILLER = (
  'the a to of and you your we for this is on in with at be it our that from by as are have ' + 'will can please just about more all here there'
).split(' ');
const SPAM_EXTRAS = ['$', '!', '!!', 'http://cheap-deals.example.biz/offer', '100%', '$$$'];
const HAM_EXTRAS = ['http://intranet.example.org/wiki', 'bob@example.org', 're:', 'fwd:'];

export interface SyntheticMailOptions {
  /** Number of mails. */
  readonly count: number;
  readonly seed: number;
  /** Share of spam. @default 0.4 */
  readonly spamShare?: number;
  /** Share of words drawn from the other label's vocabulary. @default 0.08 */
  readonly crossTalk?: number;
  /** Words per mail, uniform in [min, max]. @default [20, 80] */
  readonly length?: readonly [number, number];
  /**
   * Share of words that are random letter strings, mostly seen once: real mail has a long tail
   * of rare words, which is what makes a training step touch many embedding rows. @default 0
   */
  readonly rareWordShare?: number;
}

export function syntheticMails(options: SyntheticMailOptions): Sample[] {
  return Array.from(syntheticMailStream(options));
}

/**
 * The same mails one at a time, for generators that write millions of rows without holding them
 * (cli/generate-events.ts); `syntheticMails` is its first `count` items.
 */
export function* syntheticMailStream(options: SyntheticMailOptions): Generator<Sample> {
  const rng = Prng.fromSeed(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.nextInt(xs.length)] as T;
  const [minLen, maxLen] = options.length ?? [20, 80];
  const crossTalk = options.crossTalk ?? 0.08;
  const rareWordShare = options.rareWordShare ?? 0;
  const rareWord = () => Array.from({ length: 3 + rng.nextInt(7) }, () => String.fromCharCode(97 + rng.nextInt(26))).join('');
  for (let i = 0; i < options.count; i++) {
    const label: 0 | 1 = rng.nextFloat() < (options.spamShare ?? 0.4) ? 1 : 0;
    const own = label === 1 ? SPAM_WORDS : HAM_WORDS;
    const other = label === 1 ? HAM_WORDS : SPAM_WORDS;
    const extras = label === 1 ? SPAM_EXTRAS : HAM_EXTRAS;
    const n = minLen + rng.nextInt(maxLen - minLen + 1);
    const words: string[] = [];
    for (let w = 0; w < n; w++) {
      const r = rng.nextFloat();
      if (rng.nextFloat() < rareWordShare) words.push(rareWord());
      else if (r < crossTalk) words.push(pick(other));
      else if (r < crossTalk + 0.22) words.push(pick(own));
      else if (r < crossTalk + 0.26) words.push(pick(extras));
      else words.push(pick(FILLER));
    }
    const subject = label === 1 ? pick(SPAM_WORDS).toUpperCase() : pick(HAM_WORDS);
    yield { text: `Subject: ${subject}\n\n${words.join(' ')}`, label };
  }
}
