import pg from 'pg';
import type { Logger } from 'pino';

/** The channel migrations/0006_serving.sql's triggers NOTIFY on; the payload is the model name. */
export const SERVING_CHANNEL = 'serving_changes';

export interface ChangeListener {
  close(): Promise<void>;
}

/**
 * LISTENs for alias and traffic-split changes on a connection of its own (a pooled one would be
 * handed to queries). A lost connection is reopened with backoff and `onReconnect` runs, since
 * notifications sent meanwhile are gone; the service's polling covers the gap until then.
 * Resolves once the first LISTEN is in place (or its attempt failed).
 */
export async function listenForChanges(url: string, logger: Logger, handlers: { onChange(model: string): void; onReconnect(): void }): Promise<ChangeListener> {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let delay = 500;
  // One warning per outage; the retries after it log at debug.
  let warned = false;

  const connect = async (first: boolean) => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    c.on('notification', (msg) => {
      if (msg.channel === SERVING_CHANNEL && msg.payload) handlers.onChange(msg.payload);
    });
    c.on('error', (err) => {
      if (!warned) logger.warn({ err }, 'serving change listener lost its connection; polling until it is back');
      warned = true;
      retry(c);
    });
    c.on('end', () => retry(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${SERVING_CHANNEL}`);
      if (closed) {
        await c.end();
        return;
      }
      client = c;
      delay = 500;
      warned = false;
      if (!first) {
        logger.info('serving change listener reconnected');
        handlers.onReconnect();
      }
    } catch (err) {
      if (warned) logger.debug({ err }, 'serving change listener could not connect');
      else logger.warn({ err }, 'serving change listener could not connect; polling until it does');
      warned = true;
      retry(c);
    }
  };

  const retry = (c: pg.Client) => {
    if (closed || timer || (client !== undefined && client !== c)) return;
    client = undefined;
    c.removeAllListeners('end');
    c.end().catch(() => undefined);
    timer = setTimeout(() => {
      timer = undefined;
      void connect(false);
    }, delay);
    delay = Math.min(delay * 2, 10_000);
  };

  // Awaited so a change made right after start is heard; a failed first attempt retries in the background.
  await connect(true);
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners('end');
        await c.end().catch(() => undefined);
      }
    },
  };
}
