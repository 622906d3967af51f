import type { FactoryClient, RunView } from '../../../client';
import { runFactory, type CliIo } from '../../../cli/commands';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `factory <argv>` in-process with captured output; `client` stands in for Temporal. */
export async function runCli(argv: string[], options: { client?: Partial<FactoryClient>; env?: Record<string, string>; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false },
    stderr: { write: (t: string) => (stderr += t) },
    env: options.env ?? {},
  };
  const connect = async (): Promise<FactoryClient> => {
    if (!options.client) throw new Error('this command must not connect to Temporal');
    return options.client as FactoryClient;
  };
  const code = await runFactory(argv, io, { connect, pollIntervalMs: 1 });
  return { code, stdout, stderr };
}

/** A run view as getRun returns it, with the given task states. */
export function view(status: RunView['status'], tasks: Record<string, RunView['tasks'][number]['state']>, extra: Partial<RunView> = {}): RunView {
  const closed = !['running', 'paused', 'draining'].includes(status);
  return {
    workflowId: 'weekly_retraining/spam/2002-W39',
    runId: 'r1',
    workflowType: 'weekly_retraining',
    executionStatus: closed ? (status === 'success' ? 'COMPLETED' : 'FAILED') : 'RUNNING',
    status,
    closed,
    progress: `${Object.values(tasks).filter((s) => s === 'success').length}/${Object.keys(tasks).length} done`,
    tasks: Object.entries(tasks).map(([taskId, state]) => ({ taskId, state })),
    ...extra,
  };
}
