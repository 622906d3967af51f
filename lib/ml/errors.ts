/**
 * Errors of the ML code. Each says who throws it and when; the training activity maps them to
 * Temporal failures (bad data and diverged runs are not worth retrying, aborts are cancellations).
 */

/** Thrown by `train` when a batch loss is NaN or infinite: the run diverged and retrying it won't help. */
export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly loss: number,
  ) {
    super(`training loss became ${loss} at epoch ${epoch}, batch ${batch}; ` + 'lower the learning rate or check the samples of that batch');
  }
}

/** Thrown by `train` at the first batch boundary after its `signal` aborted. */
export class TrainingAbortedError extends Error {
  override readonly name = 'TrainingAbortedError';
  constructor(
    readonly epoch: number,
    readonly batch: number,
    options?: { cause?: unknown },
  ) {
    super(`training aborted at epoch ${epoch}, before batch ${batch}`, options);
  }
}

/** Thrown by `train` when `startFrom` was written by a run with other settings or other samples. */
export class CheckpointMismatchError extends Error {
  override readonly name = 'CheckpointMismatchError';
  constructor(
    readonly field: string,
    readonly expected: unknown,
    readonly actual: unknown,
  ) {
    super(
      `checkpoint ${field} is ${JSON.stringify(actual)} but this run has ${JSON.stringify(expected)}; ` +
        'resume only with the config and samples that produced the checkpoint',
    );
  }
}

/** Thrown by `fit`/`train` when the samples cannot train a binary classifier. */
export class InvalidSamplesError extends Error {
  override readonly name = 'InvalidSamplesError';
}

/** Thrown by the `load` functions when a JSON artifact is not a model this code wrote. */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

/** Thrown by `selectBackend` when the backend asked for explicitly cannot start here. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  constructor(
    readonly backend: string,
    options?: { cause?: unknown },
  ) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`tfjs backend '${backend}' is not available${why}`, options);
  }
}

/**
 * Thrown by `selectBackend({ requireGpu: true })` when the ops would not run on a GPU: either
 * `@tensorflow/tfjs-node-gpu` does not load, or its libtensorflow lists no GPU device. The
 * training layer throws it again with the `setting` that asked for the GPU, so the message a
 * person reads names the variable to change.
 */
export class GpuUnavailableError extends Error {
  override readonly name = 'GpuUnavailableError';
  constructor(
    /** Why there is no GPU backend: the require error's first line, or the missing device. */
    readonly reason: string,
    /** What this process would train on without the requirement, e.g. `wasm on the cpu`. */
    readonly instead: string,
    readonly setting?: { readonly variable: string; readonly value: string },
  ) {
    super(
      setting
        ? `${setting.variable}=${setting.value} requires a GPU, but ${reason}; without it this process would train on ${instead}. ` +
            `Install @tensorflow/tfjs-node-gpu@4.22.0 where a GPU is visible (scripts/gpu-check.sh checks one), or unset ${setting.variable} to train on the CPU`
        : `no GPU backend: ${reason}; without the GPU requirement this process would train on ${instead}`,
    );
  }
}
