const MAX_NAMES = 3;

/**
 * One-line summary for `setCurrentDetails`, e.g. `6/9 done · running: train_model`. Names are
 * capped so the line stays one line for a 10,000-task DAG.
 */
export function formatProgress(done: number, total: number, running: Iterable<string> | NamedCount, paused: Iterable<string> | NamedCount = []): string {
  const parts = [`${done}/${total} done`];
  const r = names(running);
  if (r) parts.push(`running: ${r}`);
  const p = names(paused);
  if (p) parts.push(`paused on failure: ${p}`);
  return parts.join(' · ');
}

/** Ids with their count known up front: only the first few are read (runs update this per event). */
export interface NamedCount {
  readonly ids: Iterable<string>;
  readonly count: number;
}

function names(source: Iterable<string> | NamedCount): string {
  const known = 'count' in source ? source.count : undefined;
  const ids = 'count' in source ? source.ids : source;
  const shown: string[] = [];
  let seen = 0;
  for (const id of ids) {
    seen++;
    if (shown.length < MAX_NAMES) shown.push(id);
    else if (known !== undefined) break;
  }
  const more = (known ?? seen) - shown.length;
  return more > 0 ? `${shown.join(', ')} +${more}` : shown.join(', ');
}
