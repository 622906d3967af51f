import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { issueExpectation, issuePath } from '../../common/validation';
import { ConfigError } from '../config/errors';

/** AES-256: every key is 32 bytes. */
export const KEY_BYTES = 32;

/** The keys a process encrypts and decrypts payloads with: new payloads use `currentKeyId`. */
export interface PayloadKeyring {
  readonly currentKeyId: string;
  /** Every key this process can decrypt with, by id; the current one included. */
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** The settings the keyring comes from (a subset of the engine's Config, or the raw environment). */
export interface PayloadKeySettings {
  readonly PAYLOAD_KEYS?: string | undefined;
  readonly PAYLOAD_KEYS_FILE?: string | undefined;
}

const keyId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a key id of 1 to 64 letters, digits, ".", "_" or "-"');

// The messages never quote the value: it is key material.
const key = z.string().refine((text) => /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, 'base64').length === KEY_BYTES, {
  error: (issue) => {
    const text = typeof issue.input === 'string' ? issue.input : '';
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? ` (got ${Buffer.from(text, 'base64').length} bytes)` : ' (got text that is not base64)';
    return `base64 of ${KEY_BYTES} random bytes${bytes}; make one with \`openssl rand -base64 32\``;
  },
});

/** `{"current":"2026-12","keys":{"2026-11":"<base64>","2026-12":"<base64>"}}` */
export const payloadKeysSchema = z.strictObject({ current: keyId, keys: z.record(keyId, key) }).refine((value) => Object.hasOwn(value.keys, value.current), {
  path: ['current'],
  error: (issue) => {
    const value = issue.input as { current: string; keys: Record<string, string> };
    return `a key id present in "keys" (got ${JSON.stringify(value.current)}; keys: ${Object.keys(value.keys)
      .map((k) => JSON.stringify(k))
      .join(', ')})`;
  },
});

const FORMAT = '{"current":"<key id>","keys":{"<key id>":"<base64 of 32 bytes>"}}';

/**
 * The problem with a PAYLOAD_KEYS text, or undefined when it is a valid keyring. Never quotes key
 * material: only key ids, lengths and the expected shape.
 */
export function payloadKeysProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `JSON of the form ${FORMAT}`;
  }
  const result = payloadKeysSchema.safeParse(parsed);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  const where = issuePath(issue.path, { root: 'the keyring' });
  const expected = issue.code === 'unrecognized_keys' ? `only "current" and "keys" (${FORMAT})` : issueExpectation(issue).replace(/^expected /, '');
  return `${where}: ${expected}`;
}

/** Parses a keyring text; a bad one is a ConfigError naming `variable` that shows no key material. */
export function parsePayloadKeys(text: string, variable: string, file?: string): PayloadKeyring {
  const problem = payloadKeysProblem(text);
  // ConfigError masks the value of a *KEY* variable; the file's path is no secret, so it goes in the text.
  if (problem !== undefined) throw new ConfigError(variable, file ?? text, file === undefined ? problem : `${problem} (in ${file})`);
  const value = payloadKeysSchema.parse(JSON.parse(text));
  return { currentKeyId: value.current, keys: new Map(Object.entries(value.keys).map(([id, base64]) => [id, Buffer.from(base64, 'base64')])) };
}

/**
 * The keyring the settings name: PAYLOAD_KEYS (inline JSON, for a secret injected as a variable)
 * or PAYLOAD_KEYS_FILE (a path to the same JSON). Neither set: undefined, payloads stay plain JSON.
 */
export function loadPayloadKeyring(settings: PayloadKeySettings): PayloadKeyring | undefined {
  const inline = settings.PAYLOAD_KEYS || undefined;
  const file = settings.PAYLOAD_KEYS_FILE || undefined;
  if (inline !== undefined && file !== undefined) {
    throw new ConfigError('PAYLOAD_KEYS_FILE', file, `to be unset when PAYLOAD_KEYS is set: the keys come from one place (got the file ${file} too)`);
  }
  if (inline !== undefined) return parsePayloadKeys(inline, 'PAYLOAD_KEYS');
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('PAYLOAD_KEYS_FILE', file, `a readable JSON file (${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parsePayloadKeys(text, 'PAYLOAD_KEYS_FILE', file);
}
