import { z } from 'zod';
import { ModelNameSchema } from '../../common/validation';
import { sourceFromConfigOnly } from '../data/data-inputs';

const isoInstant = z.iso.datetime({ offset: true, error: 'an ISO-8601 instant such as 2002-09-30T03:00:00Z' });

export const MeasureDriftInputSchema = z.object({
  modelName: ModelNameSchema,
  /** Recent events are read from [logicalDate − lookbackDays, logicalDate). */
  logicalDate: isoInstant,
  lookbackDays: z.number().int().min(1).max(90),
  /** Fewer recent events than this give no verdict (a quiet day is not drift). */
  minRecentRows: z.number().int().min(1),
  /** Refused: source SQL comes only from the worker's configuration, never from an activity input. */
  source: sourceFromConfigOnly,
});
export type MeasureDriftInput = z.input<typeof MeasureDriftInputSchema>;

export const StartRetrainingInputSchema = z.object({
  modelName: ModelNameSchema,
  /** The monitor's logical date; the retraining covers the complete week before its week. */
  logicalDate: isoInstant,
  /** weekly_retraining params besides modelName (epochs, approval, ...). */
  params: z.record(z.string(), z.unknown()).default({}),
  /** Why the retraining starts, shown in its details in the Web UI. */
  reason: z.string().min(1),
});
export type StartRetrainingInput = z.input<typeof StartRetrainingInputSchema>;

export const MeasureLiveDriftInputSchema = z.object({
  modelName: ModelNameSchema,
  /** The champion's predictions are read from [logicalDate − lookbackDays, logicalDate), and compared with the window before. */
  logicalDate: isoInstant,
  lookbackDays: z.number().int().min(1).max(90),
  minPredictions: z.number().int().min(1),
  livePsiThreshold: z.number().positive().max(10),
  minLabelled: z.number().int().min(0),
  minAgreement: z.number().min(0).max(1),
});
export type MeasureLiveDriftInput = z.input<typeof MeasureLiveDriftInputSchema>;

export const WritePerformanceReportInputSchema = z.object({
  modelName: ModelNameSchema,
  /** The report covers the complete ISO week before the logical date's week. */
  logicalDate: isoInstant,
});
export type WritePerformanceReportInput = z.input<typeof WritePerformanceReportInputSchema>;
