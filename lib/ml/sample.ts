import { InvalidSamplesError } from './errors';

/** One labelled text; label 1 is the positive class (spam). */
export interface Sample {
  readonly text: string;
  readonly label: 0 | 1;
}

/** Samples per label: `[label 0 (ham), label 1 (spam)]`. */
export function countLabels(samples: Iterable<Pick<Sample, 'label'>>): [number, number] {
  const counts: [number, number] = [0, 0];
  for (const s of samples) counts[s.label]++;
  return counts;
}

/**
 * Whether both classes are present: the one rule behind training, evaluation (AUCs are undefined
 * on one label) and dataset validation, each of which words its own error.
 */
export function hasBothLabels(counts: readonly [number, number]): boolean {
  return counts[0] > 0 && counts[1] > 0;
}

/**
 * Rejects training sets a binary classifier cannot learn from, naming the first bad sample, so a
 * broken extract fails before minutes of training rather than as a NaN loss half way through.
 */
export function assertTrainable(samples: readonly Sample[]): void {
  const counts: [number, number] = [0, 0];
  samples.forEach((s, i) => {
    if (typeof s.text !== 'string') {
      throw new InvalidSamplesError(`sample ${i} has a text of type ${typeof s.text}; expected a string`);
    }
    if (s.label !== 0 && s.label !== 1) {
      throw new InvalidSamplesError(`sample ${i} has label ${JSON.stringify(s.label)}; expected 0 or 1`);
    }
    counts[s.label]++;
  });
  if (!hasBothLabels(counts)) {
    throw new InvalidSamplesError(`training needs both labels (got ${counts[0]} with label 0 and ${counts[1]} with label 1)`);
  }
}
