import { createEvaluateModel, type EvaluationDeps } from './evaluate-model';
import type { EvaluationActivityOptions } from './evaluation-types';

export type { EvaluationDeps } from './evaluate-model';
export { EVALUATION_PLOTS, EvaluateModelInputSchema } from './evaluation-types';
export type { EvaluateModelInput, EvaluateModelOutput, EvaluationActivityOptions, EvaluationPlotName, ModelMetrics } from './evaluation-types';

/** Activities of the `cpu` task queue's evaluation step. */
export function createEvaluationActivities(deps: EvaluationDeps, options: EvaluationActivityOptions = {}) {
  return { evaluateModel: createEvaluateModel(deps, options) };
}

export type EvaluationActivities = ReturnType<typeof createEvaluationActivities>;
