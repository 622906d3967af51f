/**
 * FNV-1a 32-bit over the UTF-8 bytes of a string. UTF-8 rather than UTF-16 code units so any
 * other implementation (Python, Go) that hashes the encoded bytes lands in the same bucket.
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
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
      h = Math.imul(h ^ cp, 0x01000193);
    } else if (cp < 0x800) {
      h = Math.imul(h ^ (0xc0 | (cp >> 6)), 0x01000193);
      h = Math.imul(h ^ (0x80 | (cp & 0x3f)), 0x01000193);
    } else if (cp < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (cp >> 12)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((cp >> 6) & 0x3f)), 0x01000193);
      h = Math.imul(h ^ (0x80 | (cp & 0x3f)), 0x01000193);
    } else {
      h = Math.imul(h ^ (0xf0 | (cp >> 18)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((cp >> 12) & 0x3f)), 0x01000193);
      h = Math.imul(h ^ (0x80 | ((cp >> 6) & 0x3f)), 0x01000193);
      h = Math.imul(h ^ (0x80 | (cp & 0x3f)), 0x01000193);
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
