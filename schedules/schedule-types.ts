import { z } from 'zod';
import { durationString } from '../common/dag/duration';

/**
 * A schedule as data. `catchupWindow` and `overlap` are Airflow's `catchup`: a short window with
 * overlap SKIP runs only the latest missed interval after downtime (catchup=False); a long window
 * with overlap BUFFER_ALL replays every missed week in order (catchup=True).
 */
export const ScheduleDefinitionSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lowercase letters, digits, _ . -')
    .describe('Schedule id in Temporal'),
  dag: z.string().min(1).describe('DAG id = workflow type to start'),
  cron: z.string().min(1).describe('Five-field cron expression, read in timeZone'),
  timeZone: z.string().default('UTC').describe('IANA time zone of the cron expression'),
  overlap: z
    .enum(['SKIP', 'BUFFER_ONE', 'BUFFER_ALL', 'CANCEL_OTHER', 'TERMINATE_OTHER', 'ALLOW_ALL'])
    .default('SKIP')
    .describe('What to do when the previous run is still going'),
  catchupWindow: durationString().default('1d').describe('How far back missed fires are still run after downtime'),
  paused: z.boolean().default(false),
  note: z.string().default('').describe('Why it is paused, or anything operators should know'),
  params: z.record(z.string(), z.unknown()).default({}).describe('DAG params of every run'),
});
export type ScheduleDefinition = z.output<typeof ScheduleDefinitionSchema>;
export type ScheduleDefinitionInput = z.input<typeof ScheduleDefinitionSchema>;
