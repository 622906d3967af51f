import type { z } from 'zod';
import { ApplicationFailure } from '@temporalio/common';
import { formatZodIssues } from '../../common/validation';
import { ArtifactIntegrityError, ArtifactNotFoundError } from '../../lib/artifacts';
import { CheckpointMismatchError, InvalidSamplesError, ModelFormatError, NonFiniteLossError } from '../../lib/ml';
import { ArtifactFormatError, DatasetFormatError, InsufficientDataError, InvalidHoldoutError, InvalidRunKeyError } from '../../lib/training';

/** `ApplicationFailure.type` of every non-retryable failure of training and evaluation. */
export const TRAINING_FAILURE_TYPES = {
  invalidInput: 'InvalidInput',
  nonFiniteLoss: 'NonFiniteLoss',
  insufficientData: 'InsufficientData',
  invalidDataset: 'InvalidDataset',
  checkpointMismatch: 'CheckpointMismatch',
  artifactConflict: 'ArtifactConflict',
  unreadableArtifact: 'UnreadableArtifact',
} as const;

/**
 * Turns errors that a retry cannot fix into non-retryable failures with their context as
 * details; anything else (store or network trouble) is returned unchanged and retried.
 */
export function toActivityFailure(error: unknown): unknown {
  const T = TRAINING_FAILURE_TYPES;
  if (error instanceof NonFiniteLossError) {
    return ApplicationFailure.nonRetryable(error.message, T.nonFiniteLoss, { epoch: error.epoch, batch: error.batch, loss: String(error.loss) });
  }
  if (error instanceof InsufficientDataError || error instanceof InvalidSamplesError) {
    return ApplicationFailure.nonRetryable(error.message, T.insufficientData);
  }
  if (error instanceof DatasetFormatError) {
    return ApplicationFailure.nonRetryable(error.message, T.invalidDataset, { dataUri: error.dataUri, line: error.line });
  }
  if (error instanceof InvalidHoldoutError || error instanceof InvalidRunKeyError) {
    return ApplicationFailure.nonRetryable(error.message, T.invalidInput);
  }
  if (error instanceof CheckpointMismatchError) {
    return ApplicationFailure.nonRetryable(error.message, T.checkpointMismatch, { field: error.field });
  }
  if (
    error instanceof ArtifactIntegrityError ||
    error instanceof ArtifactNotFoundError ||
    error instanceof ArtifactFormatError ||
    error instanceof ModelFormatError
  ) {
    return ApplicationFailure.nonRetryable(error.message, T.unreadableArtifact);
  }
  return error;
}

/**
 * Parses an activity input; a bad one fails at once, non-retryably, naming each bad field and
 * the value it got (a retry would get the same input from history).
 */
export function parseActivityInput<S extends z.ZodType>(schema: S, input: unknown, activity: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = formatZodIssues(parsed.error, { input, root: '(input)' });
  throw ApplicationFailure.nonRetryable(`invalid ${activity} input: ${issues.join('; ')}`, TRAINING_FAILURE_TYPES.invalidInput);
}
