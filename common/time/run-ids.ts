import { isoWeekLabel, weeklyDataInterval } from './weekly-interval';

/**
 * The business key of a weekly retraining run: `weekly_retraining/<model>/<ISO week of its data
 * interval>`. npm start, the client, the CLI, backfills and the drift monitor all start runs
 * under it, so one week is never retrained twice whoever asks.
 */
export function retrainingWorkflowId(modelName: string, logicalDate: string): string {
  return `weekly_retraining/${modelName}/${isoWeekLabel(new Date(weeklyDataInterval(new Date(logicalDate)).start))}`;
}
