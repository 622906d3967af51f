import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** pino level. @default 'info' */
  level?: string;
  /** Human-readable output. @default true when stdout is a terminal */
  pretty?: boolean;
}

/**
 * The one pino logger of a process. JSON lines unless a person is watching a terminal.
 * Keys follow a fixed vocabulary: dagId, taskId, modelName, modelVersion, artifactUri, workflowId.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  return pino({
    level: options.level ?? 'info',
    base: { pid: process.pid },
    transport: pretty ? { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' } } : undefined,
  });
}
