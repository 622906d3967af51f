/**
 * A small seeded PRNG (sfc32) whose whole state is four uint32 words, so a checkpoint can carry it
 * and a resumed run draws exactly the numbers the uninterrupted run would have drawn.
 * Math.random cannot be seeded or saved, and tfjs initializer seeds do not expose their state.
 */
export type PrngState = readonly [number, number, number, number];

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(state: PrngState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  /** Expands a 32-bit seed with splitmix32 so nearby seeds give unrelated streams. */
  static fromSeed(seed: number): Prng {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer (got ${seed})`);
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    const prng = new Prng([next(), next(), next(), next()]);
    // sfc32 mixes poorly during its first outputs; discarding them is the reference practice.
    for (let i = 0; i < 12; i++) prng.nextUint32();
    return prng;
  }

  static fromState(state: PrngState): Prng {
    if (state.length !== 4 || state.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new RangeError(`PRNG state must be four uint32 words (got ${JSON.stringify(state)})`);
    }
    return new Prng(state);
  }

  state(): PrngState {
    return [this.a, this.b, this.c, this.d];
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0;
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n); the modulo bias is below 2^-20 for the n used here. */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** Fisher-Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = out[i] as number;
      out[i] = out[j] as number;
      out[j] = tmp;
    }
    return out;
  }

  /** n floats uniform in [-limit, limit). */
  uniformArray(n: number, limit: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = (this.nextFloat() * 2 - 1) * limit;
    return out;
  }
}
