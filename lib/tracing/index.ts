export { DEFAULT_SERVICE_NAMES, tracingSettings, type TracingSettings } from './tracing-env';
export { activeTracing, startTracing, startTracingIfEnabled, type StartTracingOptions, type Tracing } from './tracer-provider';
export { clientTracingInterceptors, workerTracingOptions } from './temporal-interceptors';
export { recordSpan, TRACER_NAME, withSpan, type SpanAttributes } from './span';
