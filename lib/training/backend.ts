import type { Logger } from 'pino';
import { z } from 'zod';
import { BACKENDS, selectBackendOnce, type BackendChoice, type BackendName } from '../ml';

let logged: BackendChoice | undefined;

/**
 * Picks the tfjs backend once per process (`selectBackendOnce`) and logs the choice and why
 * faster ones were passed over. Later calls get the first choice whatever they prefer.
 * Worker entry points may call it at start-up so a missing backend shows before any task runs.
 */
export async function ensureBackend(preferred: BackendName | undefined, logger: Logger): Promise<BackendChoice> {
  const choice = await selectBackendOnce(preferred);
  if (logged !== choice) {
    logged = choice;
    logger.info({ backend: choice.backend, nodePackage: choice.nodePackage, skipped: choice.skipped, preferred }, 'tfjs backend selected');
  }
  return choice;
}

const BackendSettingSchema = z.enum(BACKENDS).optional();

/**
 * Reads a backend setting such as the `TFJS_BACKEND` environment variable: unset or empty means
 * "the fastest that works". The error names the variable, the value and what is expected.
 */
export function parseBackendSetting(value: string | undefined, variable = 'TFJS_BACKEND'): BackendName | undefined {
  const parsed = BackendSettingSchema.safeParse(value === '' ? undefined : value);
  if (parsed.success) return parsed.data;
  throw new RangeError(`${variable} must be one of ${BACKENDS.join(', ')} or unset (got ${JSON.stringify(value)})`);
}
