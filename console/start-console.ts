import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../lib/config';
import { createConsoleApp, type ConsoleAppOptions } from './app';
import { createConsoleDeps, type ConsoleDepsInput } from './console-deps';

export interface ConsoleOptions extends ConsoleAppOptions {
  /** 0 picks a free one. */
  readonly port: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
}

export interface RunningConsole {
  /** `http://host:port/`: what `npm start` prints next to the Temporal UI link. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the console until close(); resolves once it listens (rejects when the port is taken). */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const app = createConsoleApp(options);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`console port ${options.port} on ${host} is already in use by another program: set CONSOLE_PORT to a free port`, { cause: err })
          : err,
      ),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

export interface ConfiguredConsoleInput extends Omit<ConsoleDepsInput, 'temporalUiUrl'> {
  readonly config: Config;
  readonly logger: Logger;
  /** From loadOperatorToken(config), read before anything started; undefined: read-only. */
  readonly operatorToken: string | undefined;
  /** The embedded dev server's Web UI, when this process runs one. */
  readonly embeddedUiUrl?: string;
}

/** The console as `npm start` and `npm run console` serve it: CONSOLE_* settings, errors to the log. */
export async function startConfiguredConsole({ config, logger, operatorToken, embeddedUiUrl, ...connected }: ConfiguredConsoleInput): Promise<RunningConsole> {
  const deps = await createConsoleDeps({
    ...connected,
    temporalUiUrl: config.CONSOLE_TEMPORAL_UI_URL ?? embeddedUiUrl ?? `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
  });
  const server = await startConsole({
    deps,
    port: config.CONSOLE_PORT,
    host: config.CONSOLE_HOST,
    ...(operatorToken ? { operatorToken } : {}),
    onError: (err) => logger.error({ err }, 'console request failed'),
  });
  logger.info({ url: server.url, operatorToken: operatorToken ? 'set' : 'unset (read-only)' }, 'console listening');
  return server;
}
