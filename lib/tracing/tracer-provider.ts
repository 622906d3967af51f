import type { Resource } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TracingSettings } from './tracing-env';

/** The process's tracing pipeline: what the Temporal interceptors and the workflow sink feed. */
export interface Tracing {
  readonly serviceName: string;
  readonly resource: Resource;
  /** Receives activity, client and project spans (through the global provider) and workflow spans (through the sink). */
  readonly spanProcessor: SpanProcessor;
  /** Sends what is buffered, and keeps tracing. */
  flush(): Promise<void>;
  /** Sends what is buffered and unregisters the provider; call before the process exits. */
  shutdown(): Promise<void>;
}

export interface StartTracingOptions {
  readonly serviceName: string;
  /**
   * Where spans go. @default the OTLP/HTTP exporter, configured by the standard OTEL_EXPORTER_OTLP_*
   * variables (a console exporter with OTEL_TRACES_EXPORTER=console), behind a batch processor
   */
  readonly spanExporter?: SpanExporter;
}

let current: Tracing | undefined;

/**
 * Registers the process-wide tracer provider (with the AsyncLocalStorage context manager, so an
 * activity's spans are children of its span) and returns it. Once per process: a second call
 * returns the first pipeline. The OTel packages are required here only, so a process with
 * tracing off never loads them.
 */
export function startTracing(options: StartTracingOptions): Tracing {
  if (current) return current;
  const { Resource } = optionalPeer<typeof import('@opentelemetry/resources')>('@opentelemetry/resources');
  const base = optionalPeer<typeof import('@opentelemetry/sdk-trace-base')>('@opentelemetry/sdk-trace-base');
  const { NodeTracerProvider } = optionalPeer<typeof import('@opentelemetry/sdk-trace-node')>('@opentelemetry/sdk-trace-node');
  const resource = Resource.default().merge(new Resource({ 'service.name': options.serviceName }));
  const spanProcessor = options.spanExporter ? new base.SimpleSpanProcessor(options.spanExporter) : new base.BatchSpanProcessor(defaultExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const tracing: Tracing = {
    serviceName: options.serviceName,
    resource,
    spanProcessor,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      if (current === tracing) current = undefined;
      await provider.shutdown();
      optionalPeer<typeof import('@opentelemetry/api')>('@opentelemetry/api').trace.disable();
    },
  };
  current = tracing;
  // Batched spans must leave before the process does; entry points that exit on their own
  // still flush here when the event loop drains.
  process.once('beforeExit', () => void tracing.shutdown().catch(() => undefined));
  return tracing;
}

/** The process's pipeline when startTracing ran, else undefined. */
export function activeTracing(): Tracing | undefined {
  return current;
}

/** Starts tracing when the settings say so (see tracingSettings); off, returns undefined and loads nothing. */
export function startTracingIfEnabled(settings: TracingSettings): Tracing | undefined {
  if (!settings.enabled) return undefined;
  return startTracing({ serviceName: settings.serviceName, ...(settings.exporter === 'console' ? { spanExporter: consoleExporter() } : {}) });
}

function defaultExporter(): SpanExporter {
  // Reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT and _COMPRESSION itself.
  const { OTLPTraceExporter } = optionalPeer<typeof import('@opentelemetry/exporter-trace-otlp-http')>('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter();
}

function consoleExporter(): SpanExporter {
  return new (optionalPeer<typeof import('@opentelemetry/sdk-trace-base')>('@opentelemetry/sdk-trace-base').ConsoleSpanExporter)();
}

/** The OpenTelemetry packages are optional peers: installed only where tracing is wanted. */
export const TRACING_PACKAGES = [
  '@opentelemetry/api',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/exporter-trace-otlp-http',
  '@temporalio/interceptors-opentelemetry',
] as const;

/** Requires an optional peer; absent, a message that says which variables turned tracing on and what to install. */
export function optionalPeer<T>(name: (typeof TRACING_PACKAGES)[number]): T {
  try {
    return require(name) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    throw new Error(
      `tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_TRACES_EXPORTER is set) but ${name} is not installed: ` +
        `npm install ${TRACING_PACKAGES.join(' ')}, or unset those variables`,
      { cause: err },
    );
  }
}
