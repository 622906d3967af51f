// Loads no tfjs at import (types only; lib/ml/backend is required on first use), so the
// config schema can take BACKEND_SETTINGS from here without a client loading tfjs.
import type { Logger } from 'pino';
import { z } from 'zod';
import { ConfigError } from '../config/errors';
import type { BackendChoice, BackendName } from '../ml/backend';
import { GpuUnavailableError } from '../ml/errors';

/**
 * The values of the `TFJS_BACKEND` setting: a tfjs backend name (use exactly that one, on any
 * device), or `tensorflow-gpu`: `@tensorflow/tfjs-node-gpu` with a GPU device it can use, else
 * refuse to train. Unset: the fastest backend that works.
 */
export const BACKEND_SETTINGS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendSetting = (typeof BACKEND_SETTINGS)[number];
// Every tfjs backend name must stay a valid setting: this fails to compile if BACKENDS grows.
const everyBackendIsASetting: BackendName extends BackendSetting ? true : never = true;
void everyBackendIsASetting;

/** What a setting asks `selectBackend` for. */
export interface BackendRequirement {
  /** @default undefined: the fastest backend that works */
  readonly preferred?: BackendName;
  /** Refuse unless the ops run on a GPU (`tensorflow-gpu`). */
  readonly requireGpu: boolean;
  /** Where the requirement came from, for the messages: `{ variable, value }`. */
  readonly setting?: { readonly variable: string; readonly value: string };
}

const BackendSettingSchema = z.enum(BACKEND_SETTINGS).optional();

/**
 * Reads a backend setting such as the `TFJS_BACKEND` environment variable: unset or empty means
 * "the fastest that works". A bad value throws a ConfigError naming the variable, the value and
 * what is expected.
 */
export function parseBackendRequirement(value: string | undefined, variable = 'TFJS_BACKEND'): BackendRequirement {
  const parsed = BackendSettingSchema.safeParse(value === '' ? undefined : value);
  if (!parsed.success) throw new ConfigError(variable, value, `one of ${BACKEND_SETTINGS.join(', ')} or unset`);
  const setting = parsed.data;
  if (setting === undefined) return { requireGpu: false };
  const source = { variable, value: setting };
  return setting === 'tensorflow-gpu'
    ? { preferred: 'tensorflow', requireGpu: true, setting: source }
    : { preferred: setting, requireGpu: false, setting: source };
}

/**
 * The backend name a setting asks for, for code that runs on whatever device libtensorflow has
 * (evaluation): `tensorflow-gpu` reads as `tensorflow`.
 */
export function parseBackendSetting(value: string | undefined, variable = 'TFJS_BACKEND'): BackendName | undefined {
  return parseBackendRequirement(value, variable).preferred;
}

let logged: BackendChoice | undefined;

/**
 * Picks the tfjs backend once per process (`selectBackendOnce`) and logs the choice, its device
 * and why faster ones were passed over. Later calls get the first choice whatever they prefer,
 * except that a GPU requirement is checked against it every time: a process that already trains
 * on the CPU fails a requirement rather than pretending. Throws GpuUnavailableError naming the
 * setting when a GPU is required and none is used.
 */
export async function ensureBackend(requirement: BackendRequirement | BackendName | undefined, logger: Logger): Promise<BackendChoice> {
  const wanted: BackendRequirement = typeof requirement === 'object' ? requirement : { ...(requirement ? { preferred: requirement } : {}), requireGpu: false };
  const ml = mlBackend();
  let choice: BackendChoice;
  try {
    choice = await ml.selectBackendOnce(wanted.preferred, wanted.requireGpu);
  } catch (error) {
    if (error instanceof GpuUnavailableError && wanted.setting) throw new GpuUnavailableError(error.reason, error.instead, wanted.setting);
    throw error;
  }
  if (wanted.requireGpu && ml.deviceOf(choice) !== 'gpu') {
    const using = ml.describeBackend(choice);
    throw new GpuUnavailableError(`this process already uses ${using}`, using, wanted.setting);
  }
  if (logged !== choice) {
    logged = choice;
    logger.info(
      { ...choice, device: ml.deviceOf(choice), preferred: wanted.preferred, requireGpu: wanted.requireGpu, setting: wanted.setting?.value },
      'tfjs backend selected',
    );
  }
  return choice;
}

/**
 * The gpu worker's start-up check, before it connects anywhere: selects and logs the backend the
 * setting asks for, so a worker that cannot train as configured exits at once (GpuUnavailableError
 * naming the setting) instead of after it took a task. Without a GPU requirement, a choice that
 * computes on the CPU is a warning: the gpu queue is then served by a CPU.
 */
export async function checkGpuWorkerBackend(requirement: BackendRequirement, logger: Logger): Promise<BackendChoice> {
  const choice = await ensureBackend(requirement, logger);
  if (mlBackend().deviceOf(choice) !== 'gpu') {
    const variable = requirement.setting?.variable ?? 'TFJS_BACKEND';
    logger.warn({ backend: choice.backend, device: 'cpu' }, `gpu worker trains on the CPU; set ${variable}=tensorflow-gpu to refuse to start without a GPU`);
  }
  return choice;
}

function mlBackend(): typeof import('../ml/backend') {
  return require('../ml/backend') as typeof import('../ml/backend');
}
