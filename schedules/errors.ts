/** Thrown before anything is sent to Temporal when a schedule definition is malformed. */
export class InvalidScheduleError extends Error {
  override readonly name = 'InvalidScheduleError';
  constructor(
    readonly scheduleId: string,
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`schedule "${scheduleId}": ${field} ${JSON.stringify(value)} is invalid: ${expected}`);
  }
}
