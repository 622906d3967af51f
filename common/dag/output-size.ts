import { DagOutputTooLargeError } from './errors';

export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024;
/** Outputs up to this size appear in the Query and the run result; larger ones are summarised. */
export const SMALL_OUTPUT_BYTES = 1024;

/** UTF-8 size of the value's JSON form: what Temporal stores in the payload. */
export function jsonByteLength(value: unknown): number {
  if (value === undefined) return 0;
  const json = JSON.stringify(value);
  if (json === undefined) return 0;
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Throws DagOutputTooLargeError when the output cannot be passed by value. */
export function checkOutputSize(taskId: string, output: unknown, limitBytes: number): number {
  const bytes = jsonByteLength(output);
  if (bytes > limitBytes) throw new DagOutputTooLargeError(taskId, bytes, limitBytes);
  return bytes;
}
