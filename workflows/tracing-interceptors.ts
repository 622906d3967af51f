// The workflow side of tracing, bundled with the workflows when tracing is on (the build's
// dist/workflow-bundle-traced.js, or by the workers when they bundle at start): Temporal's OpenTelemetry workflow interceptors (`RunWorkflow`,
// `StartActivity`, `StartChildWorkflow` spans, and the trace context sent to activities and
// children in their headers), plus one `dag.task <taskId>` span around each DAG task that
// schedules work. Spans leave the isolate through the worker's `exporter` sink. Nothing here adds a
// command: histories replay as without it, so tracing can be turned on under runs in flight.
import * as otel from '@opentelemetry/api';
// The package's workflow-safe entry (its lib/ folder, not this project's Node-only lib/).
// eslint-disable-next-line no-restricted-imports
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import {
  workflowInfo,
  type ActivityInput,
  type Next,
  type StartChildWorkflowExecutionInput,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** Span name of a DAG task: `dag.task <taskId>`. */
export const DAG_TASK_SPAN = 'dag.task';

/** The task an activity belongs to, from what the DAG engine sets: summary `task` or `task[k]` (a map item). */
function activityTask(input: ActivityInput): { task: string; kind: string; mapIndex?: number } | undefined {
  const summary = input.options.summary;
  if (summary === undefined) return undefined;
  const item = /^(.*)\[(\d+)\]$/.exec(summary);
  if (item) return { task: item[1]!, kind: 'map', mapIndex: Number(item[2]) };
  return { task: summary, kind: input.options.activityId?.includes(':poke') ? 'sensor' : 'activity' };
}

/** A child-workflow task's child is `<run workflowId>/<taskId>` (`#<try>` after a retry). */
function childTask(input: StartChildWorkflowExecutionInput): string | undefined {
  const prefix = `${workflowInfo().workflowId}/`;
  const id = input.options.workflowId;
  return id?.startsWith(prefix) ? id.slice(prefix.length).replace(/#\d+$/, '') : undefined;
}

class DagTaskSpans implements WorkflowOutboundCallsInterceptor {
  // The OTel interceptors registered the isolate's provider when they were built (before this).
  private readonly tracer = otel.trace.getTracer('model-factory-dag');

  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    const task = activityTask(input);
    if (!task) return next(input);
    const span = this.start(task.task, task.kind, task.mapIndex);
    return otel.context
      .with(otel.trace.setSpan(otel.context.active(), span), () => next(input))
      .then(
        (result) => {
          endSpan(span);
          return result;
        },
        (err: unknown) => {
          endSpan(span, err);
          throw err;
        },
      );
  }

  async startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ): Promise<[Promise<string>, Promise<unknown>]> {
    const task = childTask(input);
    if (task === undefined) return next(input);
    const span = this.start(task, 'child_workflow');
    try {
      const [started, completed] = await otel.context.with(otel.trace.setSpan(otel.context.active(), span), () => next(input));
      // The caller awaits `completed` itself; this branch only closes the span.
      void completed.then(
        () => endSpan(span),
        (err: unknown) => endSpan(span, err),
      );
      return [started, completed];
    } catch (err) {
      endSpan(span, err);
      throw err;
    }
  }

  private start(task: string, kind: string, mapIndex?: number): otel.Span {
    const attributes: otel.Attributes = { dag: workflowInfo().workflowType, task, kind, ...(mapIndex !== undefined ? { map_index: mapIndex } : {}) };
    return this.tracer.startSpan(`${DAG_TASK_SPAN} ${task}`, { attributes });
  }
}

function endSpan(span: otel.Span, err?: unknown): void {
  const failed = err !== undefined;
  span.setStatus(failed ? { code: otel.SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) } : { code: otel.SpanStatusCode.OK });
  span.end();
}

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new OpenTelemetryInboundInterceptor()],
  // Outermost first: the task's span is the parent of the SDK's StartActivity span.
  outbound: [new DagTaskSpans(), new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
