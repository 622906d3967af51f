import type { RunView } from '../../client';
import type { CliIo } from './context';
import { EXIT_CODES, type ExitCode } from './exit-codes';

/**
 * `factory models show spam | head`: once the reader has gone nothing more can be shown, so end
 * the way a process killed by SIGPIPE would, without the stack trace (Node ignores SIGPIPE and
 * reports EPIPE as an unhandled stream error instead). Exits at once rather than finishing the
 * command, so a command that follows a run does not poll on with nobody reading.
 */
export function exitOnBrokenPipe(stream: NodeJS.WritableStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    exit(0);
  });
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return `${all
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/** 0 while a run is going or when it succeeded; 1 when it failed, was cancelled, terminated or timed out. */
export function runExitCode(view: RunView): ExitCode {
  return view.status === 'failed' || view.status === 'cancelled' || view.status === 'terminated' || view.status === 'timed_out'
    ? EXIT_CODES.failed
    : EXIT_CODES.ok;
}
