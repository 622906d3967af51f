import { InvalidRunKeyError } from './errors';

/**
 * Artifact keys of training and evaluation. Every key starts from the run key (stable per run
 * and task), so a retried attempt writes to the same keys and the store's immutability turns
 * an identical rewrite into a no-op.
 */

const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
// Run keys are usually built from workflow ids, which people type in the Web UI: allow whatever
// a key segment can hold on a filesystem and in S3, refuse only what could escape the folder.
const UNSAFE = /[\\\u0000-\u001f\u007f]/;
const CHECKPOINT_FILE = /^epoch-(\d{4,})\.json\.gz$/;

export function assertRunKey(runKey: string): void {
  const segments = runKey.split('/');
  if (runKey.length === 0 || runKey.length > 400 || UNSAFE.test(runKey) || segments.some((s) => s === '' || s === '.' || s === '..' || s.trim() !== s)) {
    throw new InvalidRunKeyError(runKey);
  }
}

/** `checkpoints/<runKey>/epoch-0003.json.gz`: zero-padded so a listing sorts by epoch. */
export function checkpointKey(runKey: string, epoch: number): string {
  assertRunKey(runKey);
  if (!Number.isInteger(epoch) || epoch < 1) throw new RangeError(`checkpoint epoch must be a positive integer (got ${epoch})`);
  return `checkpoints/${runKey}/epoch-${String(epoch).padStart(4, '0')}.json.gz`;
}

/** The epoch of a key written by `checkpointKey`, or undefined for any other key. */
export function checkpointEpochOf(key: string): number | undefined {
  const match = CHECKPOINT_FILE.exec(key.slice(key.lastIndexOf('/') + 1));
  return match ? Number(match[1]) : undefined;
}

/** `models/<runKey>/<file>`: the trained model, its baseline and the loss curve. */
export function trainingArtifactKey(runKey: string, file: 'model.json' | 'baseline.json' | 'loss-curve.svg'): string {
  assertRunKey(runKey);
  return `models/${runKey}/${file}`;
}

/** `evaluations/<runKey>/<file>`: the metrics report and its pictures. */
export function evaluationArtifactKey(runKey: string, file: string): string {
  assertRunKey(runKey);
  if (!FILE_NAME.test(file)) throw new RangeError(`evaluation artifact file name ${JSON.stringify(file)} is invalid`);
  return `evaluations/${runKey}/${file}`;
}
