import { createTrainModel, type TrainingDeps } from './train-model';
import type { TrainingActivityOptions } from './training-types';

export type { TrainingDeps } from './train-model';
export { TRAINING_FAILURE_TYPES } from './training-failures';
export { TrainModelInputSchema } from './training-types';
export type { TrainingActivityOptions, TrainingHeartbeat, TrainModelInput, TrainModelOutput } from './training-types';

/** Activities of the `gpu` task queue's training step. */
export function createTrainingActivities(deps: TrainingDeps, options: TrainingActivityOptions = {}) {
  return { trainModel: createTrainModel(deps, options) };
}

export type TrainingActivities = ReturnType<typeof createTrainingActivities>;
