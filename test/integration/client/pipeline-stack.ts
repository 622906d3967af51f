import { startRealStack, type RealStack } from '../../support/real-stack';

/** The corpus week of the embedded default (see cli/main-job.ts). */
export const LOGICAL_DATE = '2002-09-30T03:00:00Z';

/** Gate floors low enough that a 3-epoch candidate always reaches the approval step. */
export const LENIENT_GATE = { minimum: { f1: 0.5, rocAuc: 0.5 } };

export type PipelineStack = RealStack;

/** Clients under test run in child processes, as other services and people do. */
export function startPipelineStack(): Promise<PipelineStack> {
  return startRealStack();
}
