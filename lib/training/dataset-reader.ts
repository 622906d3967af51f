import { StringDecoder } from 'node:string_decoder';
import type { ArtifactStore } from '../artifacts';
import { DatasetRowSchema, type DatasetManifest, type Interval } from '../dataset';
import type { Sample } from '../ml';
import { DatasetFormatError } from './errors';
import { holdoutSide, parseInterval } from './holdout';
import { formatZodIssues } from '../../common/validation';

/** A dataset artifact cut by time: what training learns from and what evaluation judges on. */
export interface DatasetSplit {
  /** Rows before the holdout, in file order (event time, then id). */
  readonly training: Sample[];
  /** Rows inside the holdout window, in file order. */
  readonly holdout: Sample[];
  /** Event time (epoch ms) of each holdout row, in the same order: evaluation needs it to keep comparisons fair. */
  readonly holdoutEventTimes: number[];
  /** Rows at or after the holdout's end: in neither part. */
  readonly afterHoldout: number;
  readonly rows: number;
}

export interface ReadDatasetOptions {
  /** Called every `progressEvery` rows, e.g. to heartbeat. */
  readonly onProgress?: (rowsRead: number) => void;
  /** @default 1000 */
  readonly progressEvery?: number;
}

/**
 * Streams a dataset artifact's JSONL rows (never the whole file in memory as bytes), checking
 * each against `DatasetRowSchema`, the file against the manifest's sha256 (the store's stream
 * errors at the end if the bytes differ) and the row count against the manifest.
 */
export async function readDatasetSplit(
  store: ArtifactStore,
  manifest: DatasetManifest,
  holdout: Interval,
  options: ReadDatasetOptions = {},
): Promise<DatasetSplit> {
  const window = parseInterval(holdout, 'holdout');
  const every = options.progressEvery ?? 1000;
  const training: Sample[] = [];
  const held: Sample[] = [];
  const heldTimes: number[] = [];
  let afterHoldout = 0;
  let line = 0;

  const take = (text: string) => {
    line++;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new DatasetFormatError(manifest.dataUri, line, `not JSON (${(error as Error).message})`, { cause: error });
    }
    const parsed = DatasetRowSchema.safeParse(json);
    if (!parsed.success) throw new DatasetFormatError(manifest.dataUri, line, formatZodIssues(parsed.error).join('; '));
    const row = parsed.data;
    const time = Date.parse(row.eventTime);
    if (Number.isNaN(time)) {
      throw new DatasetFormatError(manifest.dataUri, line, `eventTime is not an ISO-8601 time (got ${JSON.stringify(row.eventTime)})`);
    }
    const side = holdoutSide(time, window);
    if (side === 'train') training.push({ text: row.text, label: row.label });
    else if (side === 'holdout') {
      held.push({ text: row.text, label: row.label });
      heldTimes.push(time);
    } else afterHoldout++;
    if (line % every === 0) options.onProgress?.(line);
  };

  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of await store.openRead(manifest.dataUri, manifest.sha256)) {
    pending += decoder.write(chunk as Buffer);
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      take(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
    }
  }
  pending += decoder.end();
  if (pending.length > 0) take(pending);

  if (line !== manifest.rowCount) {
    throw new DatasetFormatError(manifest.dataUri, 0, `holds ${line} rows but its manifest says rowCount ${manifest.rowCount}`);
  }
  return { training, holdout: held, holdoutEventTimes: heldTimes, afterHoldout, rows: line };
}
