import { loadClientConnectConfig, type ClientConnectConfig } from '@temporalio/envconfig';
import type { Config } from '../config';

/**
 * Connection settings for clients and workers. An external cluster is described by the standard
 * Temporal variables (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*) or a
 * profile (TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE), read by @temporalio/envconfig; the embedded
 * dev server passes its own address.
 */
export function temporalConnectConfig(config: Pick<Config, 'TEMPORAL_NAMESPACE'>, embeddedAddress?: string): ClientConnectConfig {
  if (embeddedAddress) {
    return { connectionOptions: { address: embeddedAddress }, namespace: config.TEMPORAL_NAMESPACE };
  }
  const loaded = loadClientConnectConfig({ profile: process.env.TEMPORAL_PROFILE });
  return { ...loaded, namespace: loaded.namespace ?? config.TEMPORAL_NAMESPACE };
}
