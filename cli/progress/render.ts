import type { RunTask, RunView } from '../../client';

const BAR_WIDTH = 10;

const MARKS: Readonly<Record<string, string>> = {
  success: '✓',
  failed: '✗',
  upstream_failed: '✗',
  skipped: '-',
  running: '▶',
  up_for_retry: '↻',
  paused_on_failure: '‖',
  scheduled: '·',
  none: ' ',
};

/** `[###-------]`: mapped tasks by items done; a running task as a moving block (its length is unknown). */
export function taskBar(task: RunTask, nowMs: number): string {
  let fill: string;
  if (task.mapped && task.mapped.total > 0 && task.state !== 'success') {
    const done = Math.round((task.mapped.done / task.mapped.total) * BAR_WIDTH);
    fill = '#'.repeat(done) + '-'.repeat(BAR_WIDTH - done);
  } else if (task.state === 'success') fill = '#'.repeat(BAR_WIDTH);
  else if (task.state === 'running' || task.state === 'up_for_retry') {
    const at = Math.floor(nowMs / 250) % (BAR_WIDTH - 2);
    fill = `${'-'.repeat(at)}###${'-'.repeat(BAR_WIDTH - 3 - at)}`;
  } else if (task.state === 'failed' || task.state === 'upstream_failed') fill = 'x'.repeat(BAR_WIDTH);
  else fill = (task.state === 'skipped' ? '.' : ' ').repeat(BAR_WIDTH);
  return `[${fill}]`;
}

/** `3.2s`, `4m05s`: how long the task ran (or has been running). */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function elapsed(task: RunTask, nowMs: number): string {
  if (task.startedAt === undefined) return '';
  return formatElapsed((task.endedAt ?? nowMs) - task.startedAt);
}

function detail(task: RunTask, view: Pick<RunView, 'workflowId' | 'awaitingApproval'>): string {
  const parts: string[] = [];
  const workflowId = view.workflowId;
  if (task.kind === 'approval' && task.state === 'running') {
    // approve must name the version reviewed; reject needs none.
    const version = view.awaitingApproval?.version;
    parts.push(`waiting: factory approve|reject ${workflowId} --by <name>${version === undefined ? '' : ` --version ${version}`}`);
  }
  if (task.state === 'paused_on_failure') parts.push(`paused: factory retry|skip ${workflowId} ${task.taskId}, or factory fail-run ${workflowId}`);
  if (task.mapped) parts.push(`${task.mapped.done}/${task.mapped.total} items`);
  if (task.attempts && task.attempts > 1) parts.push(`attempt ${task.attempts}`);
  if (task.decision) parts.push(`${task.decision.decision} by ${task.decision.by}`);
  if (task.error) parts.push(task.error.split('\n')[0]!.slice(0, 120));
  return parts.join(' · ');
}

/** The full picture for a terminal: a header line and one line per task with its bar. */
export function renderRun(view: RunView, nowMs: number): string[] {
  const width = Math.max(8, ...view.tasks.map((t) => t.taskId.length));
  const lines = [`${view.workflowId} · ${view.status} · ${view.progress}`];
  for (const task of view.tasks) {
    const extra = detail(task, view);
    lines.push(
      `${MARKS[task.state] ?? '?'} ${task.taskId.padEnd(width)} ${taskBar(task, nowMs)} ${task.state.padEnd(17)} ${elapsed(task, nowMs).padStart(7)}${extra ? `  ${extra}` : ''}`.trimEnd(),
    );
  }
  if (view.closed && view.failure) lines.push(`failure: ${view.failure.split('\n')[0]}`);
  return lines;
}

/**
 * Moves the cursor up over what was drawn last and draws `lines` in its place, clearing each
 * line, so the picture updates in place in a terminal.
 */
export function redraw(previousLineCount: number, lines: readonly string[]): string {
  const up = previousLineCount > 0 ? `\x1b[${previousLineCount}F` : '';
  const cleared = lines.map((l) => `\x1b[2K${l}\n`).join('');
  // A picture that shrank leaves old lines below it: clear them.
  const rest = previousLineCount > lines.length ? '\x1b[J' : '';
  return `${up}${cleared}${rest}`;
}

/** For logs and pipes: one line per task whose state (or mapped count) changed since `previous`. */
export function changeLines(previous: RunView | undefined, next: RunView, elapsedMs: number): string[] {
  const before = new Map(previous?.tasks.map((t) => [t.taskId, t]));
  const stamp = `+${formatElapsed(elapsedMs)}`;
  const lines: string[] = [];
  for (const task of next.tasks) {
    const old = before.get(task.taskId);
    const changed = !old || old.state !== task.state || old.mapped?.done !== task.mapped?.done || old.attempts !== task.attempts;
    if (!changed || (!old && task.state === 'none')) continue;
    const extra = detail(task, next);
    lines.push(`${stamp} ${task.taskId} ${task.state}${extra ? ` (${extra})` : ''}`);
  }
  if (next.closed && previous?.closed !== true)
    lines.push(`${stamp} run ${next.status} · ${next.progress}${next.failure ? ` · ${next.failure.split('\n')[0]}` : ''}`);
  return lines;
}
