const FNV32_PRIME = 0x01000193;
/** FNV-1a's 32-bit offset basis: the hash of nothing. */
export const FNV32_OFFSET = 0x811c9dc5;

/**
 * One FNV-1a step: folds `value` (a byte, or a whole 32-bit word for digests of hashes such as
 * checkpoint fingerprints) into `hash`. Not yet `>>> 0`: callers finish with it.
 */
export function fnv1aStep(hash: number, value: number): number {
  return Math.imul(hash ^ value, FNV32_PRIME);
}

/**
 * FNV-1a 32-bit over the UTF-8 bytes of a string. UTF-8 rather than UTF-16 code units so any
 * other implementation (Python, Go) that hashes the encoded bytes lands in the same bucket.
 */
export function fnv1a32(text: string): number {
  let h = FNV32_OFFSET;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) {
      h = fnv1aStep(h, cp);
    } else if (cp < 0x800) {
      h = fnv1aStep(h, 0xc0 | (cp >> 6));
      h = fnv1aStep(h, 0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      h = fnv1aStep(h, 0xe0 | (cp >> 12));
      h = fnv1aStep(h, 0x80 | ((cp >> 6) & 0x3f));
      h = fnv1aStep(h, 0x80 | (cp & 0x3f));
    } else {
      h = fnv1aStep(h, 0xf0 | (cp >> 18));
      h = fnv1aStep(h, 0x80 | ((cp >> 12) & 0x3f));
      h = fnv1aStep(h, 0x80 | ((cp >> 6) & 0x3f));
      h = fnv1aStep(h, 0x80 | (cp & 0x3f));
    }
  }
  return h >>> 0;
}

/**
 * Hash of an n-gram from the hashes of its tokens, the way fastText combines them: no joined
 * string is built, and "a b" cannot collide by construction with the unigram "a b".
 */
export function combineHashes(left: number, right: number): number {
  return (Math.imul(left, 116049371) + right) >>> 0;
}
