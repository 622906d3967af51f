export { defaultSchedules } from './default-schedules';
export { driftMonitorSchedule, modelSchedule, weeklyRetrainingSchedule, type ModelScheduleOptions } from './model-schedules';
export { applySchedules, type ApplyOutcome } from './apply-schedules';
export { checkCron, checkTimeZone, previewCron } from './cron-check';
export { InvalidScheduleError } from './errors';
export { ScheduleDefinitionSchema, type ScheduleDefinition, type ScheduleDefinitionInput } from './schedule-types';
export { planBackfill, runBackfill, type BackfillOutcome, type BackfillRequest, type BackfillRun, type RunBackfillOptions } from './backfill';
