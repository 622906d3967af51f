import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { loadPayloadKeyring, type PayloadKeySettings } from './keyring';

/**
 * The data converter of every Temporal client and worker of the engine: payloads encrypted with
 * the configured keys, or undefined (the SDK's default, plain JSON) when no keys are configured.
 * Throws a ConfigError for bad settings, before anything connects.
 */
export function payloadDataConverter(settings: PayloadKeySettings): DataConverter | undefined {
  const keyring = loadPayloadKeyring(settings);
  return keyring ? { payloadCodecs: [new AesGcmPayloadCodec(keyring)] } : undefined;
}
