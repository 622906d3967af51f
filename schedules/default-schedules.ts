import { driftMonitorSchedule } from '../workflows/drift/drift-monitor-schedule';
import type { ScheduleDefinitionInput } from './schedule-types';

/**
 * The schedules `npm start` applies. Weekly retraining fires Mondays 03:00 in `timeZone` and covers
 * the complete previous week. catchupWindow 1d with overlap SKIP is Airflow's `catchup=False`:
 * after downtime, only a fire missed within the last day still runs; use `factory schedules
 * backfill` for older weeks. The drift monitor runs daily at 04:00 and starts a retraining of the
 * current week (same business-key id) when the incoming events drift from the champion's data.
 */
export function defaultSchedules(options: { timeZone?: string; paused?: boolean; note?: string } = {}): ScheduleDefinitionInput[] {
  return [
    {
      id: 'weekly-retraining-spam',
      dag: 'weekly_retraining',
      cron: '0 3 * * 1',
      timeZone: options.timeZone ?? 'UTC',
      overlap: 'SKIP',
      catchupWindow: '1d',
      paused: options.paused ?? false,
      note: options.note ?? '',
      params: { modelName: 'spam' },
    },
    driftMonitorSchedule({ modelName: 'spam', timeZone: options.timeZone, paused: options.paused, note: options.note }),
  ];
}
