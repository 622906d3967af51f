import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BackendUnavailableError } from './errors';

/** tfjs backend names: `tensorflow` is libtensorflow through tfjs-node or tfjs-node-gpu. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendOptions {
  /**
   * Use exactly this backend (from e.g. a `TFJS_BACKEND` setting) and fail if it cannot start,
   * instead of taking the fastest one that works.
   * @default undefined: try tensorflow (GPU build first), then wasm, then cpu
   */
  readonly preferred?: BackendName;
  /** Where the tfjs-backend-wasm `.wasm` files are. @default that package's own `dist/` folder */
  readonly wasmDir?: string;
}

export interface BackendChoice {
  readonly backend: BackendName;
  /** The npm package that provided `tensorflow`, when it was chosen. */
  readonly nodePackage?: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node';
  /** Why each faster backend was passed over, for the startup log. */
  readonly skipped: ReadonlyArray<{ backend: BackendName; reason: string }>;
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
  const order = options.preferred ? [options.preferred] : BACKENDS;
  const skipped: Array<{ backend: BackendName; reason: string }> = [];
  for (const backend of order) {
    try {
      const nodePackage = backend === 'tensorflow' ? registerNodeBackend() : undefined;
      if (backend === 'wasm' && !wasmPathsSet) {
        // A file path (with trailing separator) makes the Node build read the binaries from disk
        // instead of fetching them from a CDN.
        setWasmPaths(options.wasmDir ?? path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
        wasmPathsSet = true;
      }
      if (!(await tf.setBackend(backend))) throw new Error('tf.setBackend returned false');
      await tf.ready();
      return nodePackage ? { backend, nodePackage, skipped } : { backend, skipped };
    } catch (error) {
      if (options.preferred) throw new BackendUnavailableError(backend, { cause: error });
      skipped.push({ backend, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new BackendUnavailableError('cpu', { cause: new Error(JSON.stringify(skipped)) });
}

/** Requiring tfjs-node registers the `tensorflow` backend as a side effect; neither package is a dependency. */
function registerNodeBackend(): (typeof NODE_PACKAGES)[number] {
  const failures: string[] = [];
  for (const name of NODE_PACKAGES) {
    try {
      require(name);
      return name;
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  throw new Error(`neither tfjs-node package loads (${failures.join('; ')})`);
}

let selected: Promise<BackendChoice> | undefined;

/**
 * `selectBackend` once per process or thread (tfjs has one global backend): later calls get the
 * first choice whatever they prefer. A failed choice is not cached: the next caller tries again
 * (it may have been transient).
 */
export function selectBackendOnce(preferred?: BackendName): Promise<BackendChoice> {
  if (selected === undefined) {
    const choosing = selectBackend(preferred === undefined ? {} : { preferred });
    choosing.catch(() => {
      if (selected === choosing) selected = undefined;
    });
    selected = choosing;
  }
  return selected;
}
