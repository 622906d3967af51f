import { combineHashes, fnv1a32 } from './hash';

/** How text becomes hashed feature ids; stored with every model so serving hashes identically. */
export interface FeatureOptions {
  /** Number of hash buckets (rows of the embedding table). @default 262144 (2^18) */
  buckets: number;
  /** Word tokens kept per text, from its start; bounds the cost of huge emails. @default 1500 */
  maxTokens: number;
  /** Longest word n-gram hashed: 1 = words only, 2 adds bigrams. @default 1 */
  wordNgrams: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { buckets: 2 ** 18, maxTokens: 1500, wordNgrams: 1 };

// One pass, first alternative wins: URLs and addresses before their words, grouped numbers
// ("1,000.00") before plain runs. Letters and digits share one run so "v1agra" and base64 stay whole.
const TOKEN_RE =
  /(https?:\/\/[^\s"'<>()]+|www\.[^\s"'<>()]+)|([\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)|(\p{N}+(?:[.,]\p{N}+)+(?![\p{L}\p{N}]))|([\p{L}\p{M}\p{N}]+(?:['’]\p{L}+)?)|([$€£¥!?%*])/gu;
const DIGITS_RE = /^\p{N}+$/u;
const HOST_RE = /^(?:https?:\/\/)?([^/:?#]+)/i;
// Base64 blobs and other junk runs carry no word identity, only the fact that they are there.
const LONG_WORD = 30;

/**
 * Lowercased, NFKC-normalised tokens. URLs become `<url>` plus their last two host labels,
 * addresses `<email>`, numbers their digit count (`<num3>`), so that features generalise across
 * the endless variety of links and prices in spam.
 */
export function tokenize(text: string, maxTokens = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  const normalised = text.normalize('NFKC').toLowerCase();
  for (const m of normalised.matchAll(TOKEN_RE)) {
    if (out.length >= maxTokens) break;
    const [whole, url, email, num, word] = m;
    if (url !== undefined) {
      out.push('<url>');
      const host = HOST_RE.exec(url)?.[1];
      if (host !== undefined) out.push(`<host:${host.split('.').slice(-2).join('.')}>`);
    } else if (email !== undefined) {
      out.push('<email>');
    } else if (num !== undefined || (word !== undefined && DIGITS_RE.test(word))) {
      const digits = (num ?? word ?? '').replace(/[.,]/g, '').length;
      out.push(digits > 6 ? '<num7+>' : `<num${digits}>`);
    } else if (word !== undefined) {
      out.push(word.length > LONG_WORD ? '<long>' : word);
    } else {
      out.push(whole);
    }
  }
  return out.length > maxTokens ? out.slice(0, maxTokens) : out;
}

/** The feature ids of an empty text: one reserved token, so every row has at least one id. */
const EMPTY_TOKEN = '<empty>';

/**
 * Hashed feature ids of a text, repeats kept (the mean embedding is a mean over occurrences):
 * for each position, its word and the word n-grams up to `wordNgrams` that start there.
 * Deterministic across runs and machines.
 */
export function hashFeatures(text: string, options: FeatureOptions): Int32Array {
  const tokens = tokenize(text, options.maxTokens);
  if (tokens.length === 0) tokens.push(EMPTY_TOKEN);
  const hashes = tokens.map(fnv1a32);
  const n = hashes.length;
  const maxN = Math.max(1, Math.floor(options.wordNgrams));
  let total = 0;
  for (let k = 1; k <= maxN; k++) total += Math.max(0, n - k + 1);
  const ids = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    let h = hashes[i] as number;
    ids[at++] = h % options.buckets;
    for (let k = 1; k < maxN && i + k < n; k++) {
      h = combineHashes(h, hashes[i + k] as number);
      ids[at++] = h % options.buckets;
    }
  }
  return ids;
}
