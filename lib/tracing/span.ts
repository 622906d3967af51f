import type * as Api from '@opentelemetry/api';

export type SpanAttributes = Record<string, string | number | boolean | undefined>;

// An optional peer dependency: absent, spans are plain calls. Present without a registered
// provider (tracing off), the API itself is a no-op.
let api: typeof Api | null | undefined;
function otelApi(): typeof Api | null {
  if (api === undefined) {
    try {
      api = require('@opentelemetry/api') as typeof Api;
    } catch {
      api = null;
    }
  }
  return api;
}

/** The tracer of this project's own spans (database, artifacts, training). */
export const TRACER_NAME = 'model-factory';

/**
 * Runs `fn` inside a span named `name` (a child of the active span: the activity's, under the
 * run's trace). A thrown error marks the span as failed and is rethrown unchanged.
 */
export async function withSpan<T>(name: string, attributes: SpanAttributes, fn: () => Promise<T>): Promise<T> {
  const otel = otelApi();
  if (!otel) return fn();
  return otel.trace.getTracer(TRACER_NAME).startActiveSpan(name, async (span) => {
    for (const [key, value] of Object.entries(attributes)) if (value !== undefined) span.setAttribute(key, value);
    try {
      return await fn();
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: otel.SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * Records a span that already happened: it ends now and began `seconds` ago (a training epoch,
 * reported by the loop once it is over), as a child of the active span.
 */
export function recordSpan(name: string, attributes: SpanAttributes, seconds: number): void {
  const otel = otelApi();
  if (!otel) return;
  const end = Date.now();
  const span = otel.trace.getTracer(TRACER_NAME).startSpan(name, { startTime: end - Math.max(0, seconds) * 1000 });
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) span.setAttribute(key, value);
  span.end(end);
}
