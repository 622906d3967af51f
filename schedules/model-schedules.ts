import type { ScheduleDefinitionInput } from './schedule-types';

export interface ModelScheduleOptions {
  /** @default "spam" */
  readonly modelName?: string;
  /** IANA zone the cron expression is read in. @default "UTC" */
  readonly timeZone?: string;
  /** @default false */
  readonly paused?: boolean;
  readonly note?: string;
}

/**
 * The per-model schedules. Both use SKIP with a one-day catch-up window (Airflow's
 * catchup=False): after downtime only the latest fire still runs; older weeks are backfilled.
 */
const MODEL_SCHEDULES = {
  // Mondays 03:00: the run covers the complete previous week.
  weekly_retraining: { idPrefix: 'weekly-retraining', cron: '0 3 * * 1' },
  // Daily 04:00, an hour after Monday's retraining, so on Mondays the monitor finds that week's run.
  drift_monitor: { idPrefix: 'drift-monitor', cron: '0 4 * * *' },
} as const;

export function modelSchedule(dag: keyof typeof MODEL_SCHEDULES, options: ModelScheduleOptions = {}): ScheduleDefinitionInput {
  const modelName = options.modelName ?? 'spam';
  const { idPrefix, cron } = MODEL_SCHEDULES[dag];
  return {
    id: `${idPrefix}-${modelName}`,
    dag,
    cron,
    timeZone: options.timeZone ?? 'UTC',
    overlap: 'SKIP',
    catchupWindow: '1d',
    paused: options.paused ?? false,
    note: options.note ?? '',
    params: { modelName },
  };
}

export const weeklyRetrainingSchedule = (options: ModelScheduleOptions = {}): ScheduleDefinitionInput => modelSchedule('weekly_retraining', options);
export const driftMonitorSchedule = (options: ModelScheduleOptions = {}): ScheduleDefinitionInput => modelSchedule('drift_monitor', options);
