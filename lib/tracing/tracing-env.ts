import { z } from 'zod';
import { ConfigError } from '../config/errors';

/** Which process names itself in traces when OTEL_SERVICE_NAME does not. */
export const DEFAULT_SERVICE_NAMES = {
  cpuWorker: 'model-factory-cpu-worker',
  gpuWorker: 'model-factory-gpu-worker',
  client: 'model-factory-client',
} as const;

export type TracingSettings = { readonly enabled: false } | { readonly enabled: true; readonly serviceName: string; readonly exporter: 'otlp' | 'console' };

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
// z.string().url() takes `collector:4318` (scheme `collector:`); the exporter needs http(s).
const httpUrl = z.string().regex(/^https?:\/\/[^/\s]+/);
const TracingEnvSchema = z.object({
  OTEL_SDK_DISABLED: z.preprocess(blankIsUnset, z.enum(['true', 'false']).optional()),
  OTEL_TRACES_EXPORTER: z.preprocess(blankIsUnset, z.enum(['otlp', 'console', 'none']).optional()),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(blankIsUnset, httpUrl.optional()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.preprocess(blankIsUnset, httpUrl.optional()),
  // The exporter speaks OTLP over HTTP (JSON); a collector takes it on the same :4318 endpoint as protobuf.
  OTEL_EXPORTER_OTLP_PROTOCOL: z.preprocess(blankIsUnset, z.enum(['http/json', 'http/protobuf']).optional()),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.preprocess(blankIsUnset, z.enum(['http/json', 'http/protobuf']).optional()),
  OTEL_SERVICE_NAME: z.preprocess(blankIsUnset, z.string().optional()),
});

const EXPECTED: Record<string, string> = {
  OTEL_SDK_DISABLED: '"true" or "false"',
  OTEL_TRACES_EXPORTER: '"otlp", "console" or "none"',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'an http(s) URL such as http://collector:4318',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'an http(s) URL such as http://collector:4318/v1/traces',
  OTEL_EXPORTER_OTLP_PROTOCOL: '"http/json" or "http/protobuf" (this build exports OTLP over HTTP, not gRPC)',
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: '"http/json" or "http/protobuf" (this build exports OTLP over HTTP, not gRPC)',
};

/**
 * Tracing is on only when the standard variables ask for it: an OTLP endpoint is set, or
 * OTEL_TRACES_EXPORTER names an exporter; OTEL_TRACES_EXPORTER=none or OTEL_SDK_DISABLED=true
 * turn it off. Unset, nothing of OpenTelemetry is loaded. A malformed variable is a ConfigError.
 */
export function tracingSettings(env: Record<string, string | undefined>, defaultServiceName: string): TracingSettings {
  const parsed = TracingEnvSchema.safeParse(env);
  if (!parsed.success) {
    const variable = String(parsed.error.issues[0]?.path[0]);
    throw new ConfigError(variable, env[variable], EXPECTED[variable] ?? 'a valid value');
  }
  const e = parsed.data;
  if (e.OTEL_SDK_DISABLED === 'true' || e.OTEL_TRACES_EXPORTER === 'none') return { enabled: false };
  const exporter = e.OTEL_TRACES_EXPORTER ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : undefined);
  if (!exporter) return { enabled: false };
  return { enabled: true, serviceName: e.OTEL_SERVICE_NAME ?? defaultServiceName, exporter };
}
