import { driftMonitorSchedule, weeklyRetrainingSchedule } from './model-schedules';
import type { ScheduleDefinitionInput } from './schedule-types';

/**
 * The schedules `npm start` applies for the `spam` model: the weekly retraining (Mondays 03:00 in
 * `timeZone`) and the daily drift monitor (04:00), which starts a retraining of the current week
 * (same business key) when incoming events drift from the champion's data. Use `factory
 * schedules backfill` for older weeks.
 */
export function defaultSchedules(options: { timeZone?: string; paused?: boolean; note?: string } = {}): ScheduleDefinitionInput[] {
  const shared = { modelName: 'spam', ...options };
  return [weeklyRetrainingSchedule(shared), driftMonitorSchedule(shared)];
}
