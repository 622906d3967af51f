import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { Logger } from 'pino';
import { createCpuActivities, createGpuActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUES, type TaskQueueKind } from '../common/task-queues';
import { DEFAULT_SERVICE_NAMES, startTracingIfEnabled, tracingSettings, workerTracingOptions, type Tracing } from '../lib/tracing';
import { countActivityRetries } from '../lib/metrics';

export interface CreateWorkersOptions {
  connection: NativeConnection;
  namespace: string;
  queues: readonly TaskQueueKind[];
  deps: ActivityDeps;
  logger: Logger;
  /** How long shutdown waits for in-flight activities before cancelling them. */
  shutdownGraceTime: number;
  /** Override the queue names (tests use unique ones). @default TASK_QUEUES */
  taskQueues?: Record<TaskQueueKind, string>;
  /**
   * Prebuilt workflow bundle (tests build it once). @default the build's `dist/workflow-bundle.js`
   * when running from dist/ (`npm run build` makes it), else bundled from `workflowsPath` at start.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** A module exporting the workflow types to serve (a team's own DAGs). @default this package's workflows/ */
  workflowsPath?: string;
  /**
   * Payload codecs: `payloadDataConverter(config)` (lib/codec) encrypts with the configured keys;
   * clients must use the same keys. @default none: payloads are plain JSON
   */
  dataConverter?: DataConverter | undefined;
  /**
   * Where spans go (`startTracing`, lib/tracing). `false`: off. @default from the OTEL_* variables
   * (`tracingSettings`): off unless they name an exporter or an OTLP endpoint
   */
  tracing?: Tracing | false;
}

/** The bundle `npm run build` writes beside the compiled code: dist/workers/../workflow-bundle.js. */
export const PREBUILT_WORKFLOW_BUNDLE = join(__dirname, '..', 'workflow-bundle.js');

/** Where the cpu worker's workflow code comes from: an explicit bundle or path, else the build's bundle, else the sources. */
export function workflowSource(
  options: Pick<CreateWorkersOptions, 'workflowBundle' | 'workflowsPath'>,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (options.workflowBundle) return { workflowBundle: options.workflowBundle };
  if (options.workflowsPath) return { workflowsPath: options.workflowsPath };
  if (existsSync(PREBUILT_WORKFLOW_BUNDLE)) return { workflowBundle: { codePath: PREBUILT_WORKFLOW_BUNDLE } };
  return { workflowsPath: require.resolve('../workflows') };
}

/** The prebuilt bundle with the tracing interceptors in it (scripts/build.mjs), for workers with tracing on. */
export const PREBUILT_TRACED_WORKFLOW_BUNDLE = join(__dirname, '..', 'workflow-bundle-traced.js');

/**
 * With tracing on, the workflows run with the OpenTelemetry workflow interceptors
 * (workflows/tracing-interceptors.ts): the build's traced bundle, or the module bundled at start.
 * Off, none: their spans would cost workflow tasks time for nothing. They add no command, so a
 * fleet can turn tracing on or off under runs in flight.
 */
function tracedWorkflowSource(source: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>, on: boolean): Partial<WorkerOptions> {
  if (!on) return source;
  if (source.workflowsPath) return { ...source, interceptors: { workflowModules: [require.resolve('../workflows/tracing-interceptors')] } };
  const prebuilt = source.workflowBundle && 'codePath' in source.workflowBundle && source.workflowBundle.codePath === PREBUILT_WORKFLOW_BUNDLE;
  return prebuilt && existsSync(PREBUILT_TRACED_WORKFLOW_BUNDLE) ? { workflowBundle: { codePath: PREBUILT_TRACED_WORKFLOW_BUNDLE } } : source;
}

/**
 * One worker per queue. The cpu worker also runs workflow code (orchestration is cheap and must
 * not wait behind GPU jobs); the gpu worker runs training activities only.
 */
export async function createWorkers(options: CreateWorkersOptions): Promise<Worker[]> {
  const names = options.taskQueues ?? TASK_QUEUES;
  const tracing =
    options.tracing === false
      ? undefined
      : (options.tracing ??
        startTracingIfEnabled(
          tracingSettings(process.env, options.queues.includes('cpu') ? DEFAULT_SERVICE_NAMES.cpuWorker : DEFAULT_SERVICE_NAMES.gpuWorker),
        ));
  const traced = workerTracingOptions(tracing);
  const workers: Worker[] = [];
  for (const queue of options.queues) {
    const common = {
      connection: options.connection,
      namespace: options.namespace,
      taskQueue: names[queue],
      shutdownGraceTime: options.shutdownGraceTime,
      // An activity that ignores cancellation fails its worker's run() instead of holding it open.
      shutdownForceTime: options.shutdownGraceTime + 10_000,
      ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
      ...traced,
      interceptors: { ...traced.interceptors, activity: [countActivityRetries, ...(traced.interceptors?.activity ?? [])] },
    };
    if (queue === 'cpu') {
      const { interceptors, ...source } = tracedWorkflowSource(workflowSource(options), tracing !== undefined);
      workers.push(
        await Worker.create({
          ...common,
          activities: createCpuActivities(options.deps),
          ...source,
          ...(interceptors ? { interceptors: { ...common.interceptors, ...interceptors } } : {}),
        }),
      );
    } else {
      workers.push(await Worker.create({ ...common, activities: createGpuActivities(options.deps), maxConcurrentActivityTaskExecutions: 1 }));
    }
    options.logger.info({ taskQueue: names[queue] }, 'worker ready');
  }
  return workers;
}
