/** Thrown by the payload codec when a payload names a key id this process was not given. */
export class UnknownPayloadKeyError extends Error {
  override readonly name = 'UnknownPayloadKeyError';

  constructor(
    readonly keyId: string,
    readonly knownKeyIds: readonly string[],
  ) {
    super(
      `payload is encrypted with key id ${JSON.stringify(keyId)}, which is not among this process's keys (${knownKeyIds.map((k) => JSON.stringify(k)).join(', ')}): ` +
        'add that key to PAYLOAD_KEYS / PAYLOAD_KEYS_FILE (keep retired keys until no open run or retained history uses them)',
    );
  }
}

/** Thrown by the payload codec when an encrypted payload fails authentication (tampered, truncated or another key). */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';

  constructor(
    readonly keyId: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`payload encrypted with key id ${JSON.stringify(keyId)} could not be decrypted: ${reason}`, options);
  }
}
