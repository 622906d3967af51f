// Node-only (node:crypto, node:http): payload encryption for Temporal clients and workers, and the codec server.
export { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA_KEY } from './aes-gcm-codec';
export { startCodecServer, type CodecServerOptions, type RunningCodecServer } from './codec-server';
export { payloadDataConverter } from './data-converter';
export { PayloadDecryptionError, UnknownPayloadKeyError } from './errors';
export { KEY_BYTES, loadPayloadKeyring, parsePayloadKeys, payloadKeysProblem, type PayloadKeyring, type PayloadKeySettings } from './keyring';
