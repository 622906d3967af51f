import { dagWorkflow } from '../dag';
import { weeklyRetrainingDag } from './weekly-retraining-dag';

export const weekly_retraining = dagWorkflow(weeklyRetrainingDag);
export { weeklyRetrainingBuilder, weeklyRetrainingDag } from './weekly-retraining-dag';
export { WeeklyRetrainingParamsSchema, type WeeklyRetrainingParams } from './weekly-retraining-params';
