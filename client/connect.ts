import { Client, Connection } from '@temporalio/client';
import { temporalConnectConfig } from '../lib/temporal/connect-options';
import { TemporalUnavailableError } from '../lib/temporal/errors';

/** Where the SDK connects when neither TEMPORAL_ADDRESS nor a profile names a server. */
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

export interface ConnectedClient {
  readonly client: Client;
  readonly namespace: string;
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Connects with the same settings as the workers (envconfig: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE). Fails within `connectTimeoutMs` with a
 * message that names the address and says how to get a server.
 */
export async function connectFromEnvironment(options: { namespace?: string; connectTimeoutMs?: number } = {}): Promise<ConnectedClient> {
  const config = temporalConnectConfig({ TEMPORAL_NAMESPACE: options.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default' });
  const namespace = options.namespace ?? config.namespace ?? 'default';
  const address = config.connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS;
  const timeoutMs = options.connectTimeoutMs ?? 5_000;
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...config.connectionOptions, address, connectTimeout: timeoutMs });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new TemporalUnavailableError(
      `Temporal at ${address} did not answer within ${timeoutMs / 1000}s (${reason}): start the stack with \`npm start\`, ` +
        'or set TEMPORAL_ADDRESS (or TEMPORAL_PROFILE) to a running server',
      address,
      { cause: err },
    );
  }
  return { client: new Client({ connection, namespace }), namespace, address, close: () => connection.close() };
}
