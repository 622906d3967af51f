import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import { optionalPeer, type Tracing } from './tracer-provider';

const interceptorsPackage = () => optionalPeer<typeof import('@temporalio/interceptors-opentelemetry')>('@temporalio/interceptors-opentelemetry');

/** Client interceptors that start a `StartWorkflow` span and send its context in the run's headers. */
export function clientTracingInterceptors(): WorkflowClientInterceptor[] {
  return [new (interceptorsPackage().OpenTelemetryWorkflowClientInterceptor)()];
}

/**
 * Worker options for tracing: the activity interceptor (a `RunActivity` span, child of the
 * workflow's `StartActivity`) and the sink that carries workflow spans out of the isolate.
 * Off, only a sink that drops workflow spans (for a bundle built with the interceptors anyway).
 */
export function workerTracingOptions(tracing: Tracing | undefined): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing) {
    const sinks: InjectedSinks<OpenTelemetrySinks> = { exporter: { export: { fn: () => undefined } } };
    return { sinks };
  }
  const otel = interceptorsPackage();
  const sinks: InjectedSinks<OpenTelemetrySinks> = { exporter: otel.makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
  return {
    sinks,
    interceptors: {
      activity: [
        (ctx) => ({ inbound: new otel.OpenTelemetryActivityInboundInterceptor(ctx), outbound: new otel.OpenTelemetryActivityOutboundInterceptor(ctx) }),
      ],
    },
  };
}
