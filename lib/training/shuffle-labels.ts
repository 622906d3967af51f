import { Prng, type Sample } from '../ml';

/**
 * The same texts with their labels permuted: a deliberately degraded training set whose model
 * can learn nothing, used to show that the evaluation gate rejects such a candidate. Seeded,
 * so the degraded run is as reproducible as a real one.
 */
export function shuffleLabels(samples: readonly Sample[], seed: number): Sample[] {
  // Offset so the permutation is not the one training draws first from the same seed.
  const order = Prng.fromSeed((seed + 0x9e3779b9) >>> 0).permutation(samples.length);
  return samples.map((s, i) => ({ text: s.text, label: (samples[order[i] as number] as Sample).label }));
}
