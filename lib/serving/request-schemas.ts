import { z } from 'zod';
import { InvalidServingInputError } from './errors';
import { parseServingInput } from './parse-input';

/** Request limits of the prediction service (SERVE_MAX_* in the config). */
export interface RequestLimits {
  maxInstances: number;
  maxTextChars: number;
  maxBodyBytes: number;
}

/** TensorFlow Serving's REST "row" format: `{"instances": [{"text": "..."}]}`. */
export const PredictRequestSchema = z
  .object({
    instances: z.array(z.object({ text: z.string() }).strict()).min(1, 'expected at least one instance'),
  })
  .strict();

export type PredictRequest = z.output<typeof PredictRequestSchema>;

// Enough lines to see the pattern of a bad batch without a message as long as the batch.
const MAX_REPORTED = 5;

/**
 * Parses a predict body. The limits are checked first and by hand, so a refusal quotes the count
 * (not the first 80 characters of a long text) and a huge batch is refused before it is walked
 * by the schema.
 */
export function parsePredictRequest(input: unknown, limits: Pick<RequestLimits, 'maxInstances' | 'maxTextChars'>): PredictRequest {
  const instances = typeof input === 'object' && input !== null ? (input as { instances?: unknown }).instances : undefined;
  if (Array.isArray(instances)) {
    const issues: string[] = [];
    if (instances.length > limits.maxInstances) {
      issues.push(`instances: expected at most ${limits.maxInstances} instances, the SERVE_MAX_INSTANCES limit (got ${instances.length})`);
    } else {
      instances.forEach((instance: unknown, i) => {
        const text = typeof instance === 'object' && instance !== null ? (instance as { text?: unknown }).text : undefined;
        if (typeof text === 'string' && text.length > limits.maxTextChars) {
          issues.push(`instances.${i}.text: expected at most ${limits.maxTextChars} characters, the SERVE_MAX_TEXT_CHARS limit (got ${text.length})`);
        }
      });
    }
    if (issues.length > 0) {
      const shown = issues.length > MAX_REPORTED ? [...issues.slice(0, MAX_REPORTED), `and ${issues.length - MAX_REPORTED} more texts over the limit`] : issues;
      throw new InvalidServingInputError('predict request', shown);
    }
  }
  return parseServingInput(PredictRequestSchema, input, 'predict request');
}
