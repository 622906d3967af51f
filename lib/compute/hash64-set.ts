import { createHash } from 'node:crypto';

const EMPTY = 0;

/**
 * A set of 64-bit hashes in one typed array (open addressing, linear probing, at most half
 * full): 16 bytes a member at worst instead of a string and a Set entry each, so a scan of
 * millions of rows stays within a few tens of MB. Exact for the hashes: a repeated key is
 * always found; two different keys collide only when their 64-bit hashes do (with SHA-256's
 * first 64 bits, about n² / 2^65: 3e-8 for a million keys).
 */
export class Hash64Set {
  private table: Uint32Array;
  private mask: number;
  size = 0;

  /** `initialCapacity`: members expected; the table grows past it. @default 65536 */
  constructor(initialCapacity = 1 << 16) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.table = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  /** Adds `key`'s hash; false when it was already there (a duplicate). */
  addString(key: string): boolean {
    const digest = createHash('sha256').update(key).digest();
    return this.add(digest.readUInt32LE(0), digest.readUInt32LE(4));
  }

  /** Adds the hash (hi, lo); false when it was already there. */
  add(hi: number, lo: number): boolean {
    // (0, 0) marks an empty slot; folding it onto (0, 1) adds one more possible collision, no more.
    if (hi === EMPTY && lo === EMPTY) lo = 1;
    hi >>>= 0;
    lo >>>= 0;
    let slot = lo & this.mask;
    for (;;) {
      const at = slot * 2;
      const h = this.table[at] as number;
      const l = this.table[at + 1] as number;
      if (h === EMPTY && l === EMPTY) break;
      if (h === hi && l === lo) return false;
      slot = (slot + 1) & this.mask;
    }
    this.table[slot * 2] = hi;
    this.table[slot * 2 + 1] = lo;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.grow();
    return true;
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.table.byteLength;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    this.size = 0;
    for (let at = 0; at < old.length; at += 2) {
      const h = old[at] as number;
      const l = old[at + 1] as number;
      if (h !== EMPTY || l !== EMPTY) this.add(h, l);
    }
  }
}
