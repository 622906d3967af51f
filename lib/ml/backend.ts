import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { z } from 'zod';
import { BackendUnavailableError, GpuUnavailableError } from './errors';

/** tfjs backend names: `tensorflow` is libtensorflow through tfjs-node or tfjs-node-gpu. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
/** Where the model's ops run. */
export type ComputeDevice = 'gpu' | 'cpu';

export interface BackendOptions {
  /**
   * Use exactly this backend (from e.g. a `TFJS_BACKEND` setting) and fail if it cannot start,
   * instead of taking the fastest one that works.
   * @default undefined: try tensorflow (GPU build first), then wasm, then cpu
   */
  readonly preferred?: BackendName;
  /**
   * Fail (GpuUnavailableError) unless the ops will run on a GPU: only `@tensorflow/tfjs-node-gpu`
   * is tried, and its libtensorflow must list a GPU device. Implies `preferred: 'tensorflow'`.
   * @default false
   */
  readonly requireGpu?: boolean;
  /** Where the tfjs-backend-wasm `.wasm` files are. @default that package's own `dist/` folder */
  readonly wasmDir?: string;
}

type Skipped = ReadonlyArray<{ backend: BackendName; reason: string }>;
type NodePackage = (typeof NODE_PACKAGES)[number];
type TensorflowChoice = Extract<BackendChoice, { backend: 'tensorflow' }>;

/** What `selectBackend` chose: only libtensorflow can run on a GPU, so only it names a device. */
export type BackendChoice =
  | {
      readonly backend: 'tensorflow';
      /** The npm package that provided `tensorflow`. */
      readonly nodePackage: NodePackage;
      /** `gpu` when libtensorflow listed a GPU device: tfjs-node then places every op on it. */
      readonly device: ComputeDevice;
      /** The libtensorflow version the binding loaded (`TF_Version()`). */
      readonly tensorflowVersion: string;
      /** Why each faster backend was passed over, for the startup log. */
      readonly skipped: Skipped;
    }
  | { readonly backend: 'wasm' | 'cpu'; readonly skipped: Skipped };

/** The device of a choice: wasm and cpu always compute on the CPU. */
export function deviceOf(choice: BackendChoice): ComputeDevice {
  return choice.backend === 'tensorflow' ? choice.device : 'cpu';
}

/** `tensorflow (@tensorflow/tfjs-node, libtensorflow 2.9.1) on the cpu`, `wasm on the cpu`: for messages. */
export function describeBackend(choice: BackendChoice): string {
  if (choice.backend !== 'tensorflow') return `${choice.backend} on the cpu`;
  return `tensorflow (${choice.nodePackage}, libtensorflow ${choice.tensorflowVersion}) on the ${choice.device}`;
}

const NODE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;
let wasmPathsSet = false;

/**
 * Picks and initialises the tfjs backend; call once at worker start-up and log the result.
 * Also turns on tfjs prod mode, which only silences tfjs' own console output (its advice to
 * install tfjs-node would otherwise bypass the structured logger).
 */
export async function selectBackend(options: BackendOptions = {}): Promise<BackendChoice> {
  tf.enableProdMode();
  if (options.requireGpu) return selectGpu(options);
  const order = options.preferred ? [options.preferred] : BACKENDS;
  const skipped: Array<{ backend: BackendName; reason: string }> = [];
  for (const backend of order) {
    try {
      return await start(backend, skipped, options.wasmDir);
    } catch (error) {
      if (options.preferred) throw new BackendUnavailableError(backend, { cause: error });
      skipped.push({ backend, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new BackendUnavailableError('cpu', { cause: new Error(JSON.stringify(skipped)) });
}

async function start(backend: BackendName, skipped: Skipped, wasmDir: string | undefined): Promise<BackendChoice> {
  if (backend === 'tensorflow') return startTensorflow(NODE_PACKAGES, skipped);
  if (backend === 'wasm' && !wasmPathsSet) {
    // A file path (with trailing separator) makes the Node build read the binaries from disk
    // instead of fetching them from a CDN.
    setWasmPaths(wasmDir ?? path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
    wasmPathsSet = true;
  }
  await activate(backend);
  return { backend, skipped };
}

async function startTensorflow(packages: readonly NodePackage[], skipped: Skipped): Promise<TensorflowChoice> {
  registerNodeBackend(packages);
  await activate('tensorflow');
  // Asked of the backend rather than taken from the require that worked: the first tfjs-node
  // package required in a process keeps the `tensorflow` name.
  const node = inspectNodeBackend(tf.backend());
  const nodePackage = node.isGPUPackage ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  return { backend: 'tensorflow', nodePackage, device: node.isUsingGpuDevice ? 'gpu' : 'cpu', tensorflowVersion: node.binding.TF_Version, skipped };
}

async function activate(backend: BackendName): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error('tf.setBackend returned false');
  await tf.ready();
}

/**
 * tfjs-node-gpu or nothing. On failure it still finds what would have run instead (the error
 * says so), which leaves that backend active: the caller is expected to stop.
 */
async function selectGpu(options: BackendOptions): Promise<BackendChoice> {
  if (options.preferred !== undefined && options.preferred !== 'tensorflow') {
    throw new RangeError(`requireGpu needs the tensorflow backend (got preferred: ${JSON.stringify(options.preferred)})`);
  }
  let reason: string;
  try {
    const choice = await startTensorflow(['@tensorflow/tfjs-node-gpu'], []);
    if (choice.nodePackage === '@tensorflow/tfjs-node-gpu' && choice.device === 'gpu') return choice;
    reason =
      choice.nodePackage === '@tensorflow/tfjs-node-gpu'
        ? `@tensorflow/tfjs-node-gpu loaded libtensorflow ${choice.tensorflowVersion}, which lists no GPU device (no visible GPU, or CUDA/cuDNN libraries it cannot load)`
        : `the tensorflow backend was registered earlier by @tensorflow/tfjs-node, the CPU build`;
  } catch (error) {
    reason = firstLine(error);
  }
  let instead: string;
  try {
    instead = describeBackend(await selectBackend(options.wasmDir ? { wasmDir: options.wasmDir } : {}));
  } catch {
    instead = 'no backend';
  }
  throw new GpuUnavailableError(reason, instead);
}

/** Requiring tfjs-node registers the `tensorflow` backend as a side effect; neither package is a dependency. */
function registerNodeBackend(packages: readonly NodePackage[]): void {
  const failures: Array<{ name: NodePackage; message: string }> = [];
  for (const name of packages) {
    try {
      require(name);
      registerMissingNodeKernels();
      return;
    } catch (error) {
      failures.push({ name, message: firstLine(error) });
    }
  }
  const [only] = failures;
  if (only && failures.length === 1) throw new Error(`${only.name} does not load (${only.message})`);
  throw new Error(`neither tfjs-node package loads (${failures.map((f) => `${f.name}: ${f.message}`).join('; ')})`);
}

// What this code relies on from tfjs-node's NodeJSKernelBackend (tfjs-node/src/nodejs_kernel_backend.ts):
// `isGPUPackage` is whether the package that registered it is named @tensorflow/tfjs-node-gpu;
// `isUsingGpuDevice` is the binding's answer, true when TFE_ContextListDevices listed a device of
// type GPU, which the binding then places every op on (binding/tfjs_backend.cc); and
// `binding.TF_Version` is libtensorflow's TF_Version().
const NodeBackendSchema = z.object({
  isGPUPackage: z.boolean(),
  isUsingGpuDevice: z.boolean(),
  binding: z.object({ TF_Version: z.string(), TF_ATTR_TYPE: z.number(), TF_FLOAT: z.number(), TF_INT32: z.number() }),
});
type NodeBackend = z.infer<typeof NodeBackendSchema> & {
  executeSingleOutput(name: string, attrs: Array<{ name: string; type: number; value: number }>, inputs: tf.TensorInfo[]): tf.TensorInfo;
};

function inspectNodeBackend(backend: unknown): NodeBackend {
  const parsed = NodeBackendSchema.safeParse(backend);
  if (!parsed.success) throw new Error('the tensorflow backend is not the tfjs-node 4.x NodeJSKernelBackend this code knows');
  return backend as NodeBackend;
}

/**
 * The embedding bag's kernels, which tfjs-node 4.22 does not register for `tensorflow` though
 * libtensorflow has the ops (their default Tidx/Tsegmentids, int32, are what tfjs passes).
 */
function registerMissingNodeKernels(): void {
  for (const kernelName of [tf.SparseSegmentSum, tf.SparseSegmentMean]) {
    if (tf.getKernel(kernelName, 'tensorflow')) continue;
    tf.registerKernel({
      kernelName,
      backendName: 'tensorflow',
      kernelFunc: ({ inputs, backend }) => {
        // Checked by inspectNodeBackend when the backend started; this runs for every batch.
        const node = backend as unknown as NodeBackend;
        const { data, indices, segmentIds } = inputs as { data: tf.TensorInfo; indices: tf.TensorInfo; segmentIds: tf.TensorInfo };
        const T = { name: 'T', type: node.binding.TF_ATTR_TYPE, value: data.dtype === 'int32' ? node.binding.TF_INT32 : node.binding.TF_FLOAT };
        return node.executeSingleOutput(kernelName, [T], [data, indices, segmentIds]);
      },
    });
  }
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

let selected: Promise<BackendChoice> | undefined;

/**
 * `selectBackend` once per process or thread (tfjs has one global backend): later calls get the
 * first choice whatever they prefer. A failed choice is not cached: the next caller tries again
 * (it may have been transient).
 */
export function selectBackendOnce(preferred?: BackendName, requireGpu = false): Promise<BackendChoice> {
  if (selected === undefined) {
    const choosing = selectBackend({ ...(preferred === undefined ? {} : { preferred }), ...(requireGpu ? { requireGpu } : {}) });
    choosing.catch(() => {
      if (selected === choosing) selected = undefined;
    });
    selected = choosing;
  }
  return selected;
}
