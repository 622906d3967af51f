import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { PayloadDecryptionError, UnknownPayloadKeyError } from './errors';
import type { PayloadKeyring } from './keyring';

/** The `encoding` metadata of an encrypted payload (what the Web UI shows without a codec server). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata entry naming the key a payload was encrypted with. */
export const KEY_ID_METADATA_KEY = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';
const ProtoPayload = temporal.api.common.v1.Payload;

const text = (bytes: Uint8Array | null | undefined): string | undefined => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/**
 * AES-256-GCM over the whole serialized payload (metadata included, so even the converter's
 * `json/plain` is hidden). Layout of `data`: IV (12 random bytes) | ciphertext | tag (16 bytes);
 * the key id is authenticated data too, so a payload cannot be relabelled to another key.
 * Encodes with the keyring's current key, decodes with whichever key the payload names; payloads
 * that are not encrypted (history from before encryption was turned on) pass through.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keyring: PayloadKeyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.keyring.currentKeyId;
    const key = this.keyring.keys.get(keyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv).setAAD(Buffer.from(keyId, 'utf8'));
      const plain = ProtoPayload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA_KEY]: Buffer.from(keyId) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID_METADATA_KEY]);
      if (keyId === undefined) throw new PayloadDecryptionError('(none)', `the payload has no ${KEY_ID_METADATA_KEY} metadata`);
      const key = this.keyring.keys.get(keyId);
      if (!key) throw new UnknownPayloadKeyError(keyId, [...this.keyring.keys.keys()]);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(keyId, `${data.length} bytes is shorter than an IV and a tag`);
      let plain: Buffer;
      try {
        const decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, IV_BYTES)).setAAD(Buffer.from(keyId, 'utf8'));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch (err) {
        throw new PayloadDecryptionError(
          keyId,
          'authentication failed (the ciphertext was altered, or the key with this id is not the one that encrypted it)',
          {
            cause: err,
          },
        );
      }
      const decoded = ProtoPayload.decode(plain);
      return { metadata: decoded.metadata, data: decoded.data };
    });
  }
}
