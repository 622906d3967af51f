import type { ScheduleDefinitionInput } from '../../schedules/schedule-types';

/**
 * The drift monitor's schedule: daily at 04:00 in `timeZone`, an hour after Monday's weekly
 * retraining, so on Mondays the monitor finds that week's run instead of starting one. SKIP with a
 * one-day catch-up window (Airflow's catchup=False): after downtime only the latest day is checked.
 */
export function driftMonitorSchedule(options: { modelName?: string; timeZone?: string; paused?: boolean; note?: string } = {}): ScheduleDefinitionInput {
  const modelName = options.modelName ?? 'spam';
  return {
    id: `drift-monitor-${modelName}`,
    dag: 'drift_monitor',
    cron: '0 4 * * *',
    timeZone: options.timeZone ?? 'UTC',
    overlap: 'SKIP',
    catchupWindow: '1d',
    paused: options.paused ?? false,
    note: options.note ?? '',
    params: { modelName },
  };
}
