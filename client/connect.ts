import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { payloadDataConverter } from '../lib/codec/data-converter';
import { temporalConnectConfig } from '../lib/temporal/connect-options';
import { TemporalUnavailableError } from '../lib/temporal/errors';
import { clientTracingInterceptors, DEFAULT_SERVICE_NAMES, startTracingIfEnabled, tracingSettings } from '../lib/tracing';

/** Where the SDK connects when neither TEMPORAL_ADDRESS nor a profile names a server. */
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

export interface ConnectedClient {
  readonly client: Client;
  readonly namespace: string;
  readonly address: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  namespace?: string;
  connectTimeoutMs?: number;
  /**
   * Payload codecs of the client. @default from PAYLOAD_KEYS / PAYLOAD_KEYS_FILE in the
   * environment (encrypted like the workers' payloads; neither set: plain JSON)
   */
  dataConverter?: DataConverter | undefined;
}

/**
 * Connects with the same settings as the workers (envconfig: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE; payload keys: PAYLOAD_KEYS,
 * PAYLOAD_KEYS_FILE; traces: OTEL_EXPORTER_OTLP_ENDPOINT and the other OTEL_* variables, off
 * unset). Fails within `connectTimeoutMs` with a message that names the address and says how to
 * get a server; bad payload keys are a ConfigError before any connection.
 */
export async function connectFromEnvironment(options: ConnectOptions = {}): Promise<ConnectedClient> {
  const dataConverter = options.dataConverter ?? payloadDataConverter(process.env);
  // Off unless OTEL_* ask for it; then the OpenTelemetry packages (optional peers) are loaded.
  const tracing = startTracingIfEnabled(tracingSettings(process.env, DEFAULT_SERVICE_NAMES.client));
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
  return {
    client: new Client({
      connection,
      namespace,
      ...(dataConverter ? { dataConverter } : {}),
      ...(tracing ? { interceptors: { workflow: clientTracingInterceptors() } } : {}),
    }),
    namespace,
    address,
    close: async () => {
      await connection.close();
      await tracing?.flush();
    },
  };
}
