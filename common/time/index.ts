export { WEEK_MS, isoWeekLabel, startOfIsoWeek, trainingWindow, weeklyDataInterval, weeklyLogicalDates, type DataInterval } from './weekly-interval';
export { retrainingWorkflowId } from './run-ids';
