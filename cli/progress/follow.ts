import type { FactoryClient, RunView } from '../../client';
import type { OutStream } from '../commands/context';
import { changeLines, redraw, renderRun } from './render';

export interface FollowOptions {
  /** tty: redraw the picture in place; lines: one line per change; quiet: print nothing. */
  readonly mode: 'tty' | 'lines' | 'quiet';
  readonly out: OutStream;
  readonly intervalMs: number;
  sleep(ms: number): Promise<void>;
  now?(): number;
}

/** Polls the run's state (the getDagState Query) until it closes, showing progress; returns the final view. */
export async function followRun(client: FactoryClient, workflowId: string, options: FollowOptions): Promise<RunView> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  let previous: RunView | undefined;
  let drawn = 0;
  for (;;) {
    const view = await client.getRun(workflowId);
    if (options.mode === 'tty') {
      const lines = renderRun(view, now());
      options.out.write(redraw(drawn, lines));
      drawn = lines.length;
    } else if (options.mode === 'lines') {
      for (const line of changeLines(previous, view, now() - startedAt)) options.out.write(`${line}\n`);
    }
    if (view.closed) return view;
    previous = view;
    await options.sleep(options.intervalMs);
  }
}
