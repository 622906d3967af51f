// The codec server: decrypts payloads for the Temporal Web UI and `temporal --codec-endpoint`.
//   PAYLOAD_KEYS_FILE=keys.json CODEC_SERVER_TOKEN=... npx tsx cli/codec-server.ts
// See docs/payload-encryption.md.
import { AesGcmPayloadCodec, loadPayloadKeyring, startCodecServer } from '../lib/codec';
import { ConfigError, loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { runMain } from './main-wrapper';

runMain(async () => {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  const keyring = loadPayloadKeyring(config);
  if (!keyring) {
    throw new ConfigError(
      'PAYLOAD_KEYS',
      undefined,
      'the keys as JSON, or PAYLOAD_KEYS_FILE: a path to them (the codec server decrypts with the keys the workers use)',
    );
  }
  const server = await startCodecServer({
    codec: new AesGcmPayloadCodec(keyring),
    host: config.CODEC_SERVER_HOST,
    port: config.CODEC_SERVER_PORT,
    allowedOrigins: config.CODEC_SERVER_CORS_ORIGINS.split(','),
    ...(config.CODEC_SERVER_TOKEN ? { token: config.CODEC_SERVER_TOKEN } : {}),
    onError: (err) => logger.error({ err }, 'codec server request failed'),
  });
  logger.info({ url: server.url, currentKeyId: keyring.currentKeyId, auth: config.CODEC_SERVER_TOKEN ? 'bearer' : 'none' }, 'codec server listening');
  try {
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } finally {
    await server.close();
  }
});
