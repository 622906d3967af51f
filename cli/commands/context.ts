import { createFactoryClient, type FactoryClient } from '../../client';
import { createPool, type Pool } from '../../lib/db';
import { ModelRegistry } from '../../lib/registry';
import { InvalidArgumentError } from '../main-wrapper';

export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Where a command reads and writes; the process's streams, or buffers in tests. */
export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CommandContext {
  readonly io: CliIo;
  /** Connects on first use (commands that need no server never connect). */
  client(): Promise<FactoryClient>;
  /** The registry on DATABASE_URL, opened on first use. */
  registry(): ModelRegistry;
  /** How often `run` and `approve --wait` poll the run. @default 1000 */
  readonly pollIntervalMs: number;
  sleep(ms: number): Promise<void>;
}

export interface ContextOverrides {
  /** A client to use instead of connecting from the environment (tests). */
  connect?: () => Promise<FactoryClient>;
  pollIntervalMs?: number;
}

/** The context of one command, and what closes everything it opened. */
export function createContext(io: CliIo, overrides: ContextOverrides = {}): { context: CommandContext; close(): Promise<void> } {
  let client: Promise<FactoryClient> | undefined;
  let pool: Pool | undefined;
  const context: CommandContext = {
    io,
    client: () => (client ??= (overrides.connect ?? (() => createFactoryClient()))()),
    registry() {
      const url = io.env.DATABASE_URL;
      if (!url) {
        throw new InvalidArgumentError(
          'the models commands read the registry in PostgreSQL: set DATABASE_URL=postgres://user:password@host:port/factory ' +
            '(with `npm start`, the embedded server is postgres://postgres:factory-local@127.0.0.1:<port>/factory; start it with PG_PORT=<port> to fix the port)',
        );
      }
      if (!/^postgres(ql)?:\/\//.test(url)) throw new InvalidArgumentError(`DATABASE_URL=${JSON.stringify(url)} is invalid: expected a postgres:// URL`);
      pool ??= createPool(url, { max: 2 });
      return new ModelRegistry(pool);
    },
    pollIntervalMs: overrides.pollIntervalMs ?? 1_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  return {
    context,
    async close() {
      await pool?.end();
      // An injected client belongs to the caller.
      if (client && !overrides.connect) await (await client.catch(() => undefined))?.close();
    },
  };
}
