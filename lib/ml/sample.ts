import { InvalidSamplesError } from './errors';

/** One labelled text; label 1 is the positive class (spam). */
export interface Sample {
  readonly text: string;
  readonly label: 0 | 1;
}

/**
 * Rejects training sets a binary classifier cannot learn from, naming the first bad sample, so a
 * broken extract fails before minutes of training rather than as a NaN loss half way through.
 */
export function assertTrainable(samples: readonly Sample[]): void {
  const counts = [0, 0];
  samples.forEach((s, i) => {
    if (typeof s.text !== 'string') {
      throw new InvalidSamplesError(`sample ${i} has a text of type ${typeof s.text}; expected a string`);
    }
    if (s.label !== 0 && s.label !== 1) {
      throw new InvalidSamplesError(`sample ${i} has label ${JSON.stringify(s.label)}; expected 0 or 1`);
    }
    counts[s.label] = (counts[s.label] ?? 0) + 1;
  });
  if (counts[0] === 0 || counts[1] === 0) {
    throw new InvalidSamplesError(
      `training needs both labels (got ${counts[0]} with label 0 and ${counts[1]} with label 1)`,
    );
  }
}
