import libmime from 'libmime';
import { createDecodeStream, decode as decodeCharset } from 'libmime/lib/charset.js';

/**
 * Turns a raw RFC 822 message into model text: the subject and the readable body, without the
 * headers (routing headers leak the collection a message came from, which a model would learn
 * instead of the content). Only the cheap MIME cases are decoded: quoted-printable and base64
 * text parts, multipart bodies split on their boundary, HTML reduced to its text. Charsets,
 * header parameters and encoded words go through libmime (iconv-lite and encoding-japanese
 * underneath): synchronous, so building the corpus stays a plain function; postal-mime parses
 * only asynchronously.
 */

const MAX_DEPTH = 4;

export interface ParsedHeaders {
  /** Lower-case name → first value, folded lines joined. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/** Splits headers from body at the first blank line and unfolds continuation lines. */
export function splitMessage(raw: string): ParsedHeaders {
  const text = raw.replace(/\r\n/g, '\n');
  const blank = text.indexOf('\n\n');
  const head = blank === -1 ? text : text.slice(0, blank);
  const body = blank === -1 ? '' : text.slice(blank + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || line.startsWith('From ')) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** Lower-case MIME type and parameters (quoted, RFC 2231 continuations) of a Content-Type value. */
function contentType(value: string | undefined): { mime: string; params: Readonly<Record<string, string>> } {
  const parsed = libmime.parseHeaderValue(value ?? 'text/plain');
  return { mime: parsed.value.trim().toLowerCase(), params: parsed.params };
}

const known = new Map<string, boolean>();
function isKnownCharset(charset: string): boolean {
  let supported = known.get(charset);
  if (supported === undefined) known.set(charset, (supported = createDecodeStream(charset).supported));
  return supported;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A label nobody knows (`DEFAULT_CHARSET`, `unknown-8bit`, a spam tool's font name) is read as
 * UTF-8 when the bytes are valid UTF-8, else as windows-1252, the usual legacy default; libmime
 * alone would read it as UTF-8 and turn every 8-bit byte into U+FFFD.
 */
function bytesToText(bytes: Buffer, charset: string | undefined): string {
  if (charset === undefined || isKnownCharset(charset)) return decodeCharset(bytes, charset ?? 'utf-8');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return decodeCharset(bytes, 'windows-1252');
  }
}

function decodeQuotedPrintable(body: string, charset: string | undefined): string {
  const soft = body.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft.charCodeAt(i);
    if (c === 61 /* = */ && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 256) bytes.push(c);
    else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return bytesToText(Buffer.from(bytes), charset);
}

function decodeTransfer(body: string, encoding: string | undefined, charset: string | undefined): string {
  switch ((encoding ?? '').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body, charset);
    case 'base64':
      return bytesToText(Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'), charset);
    default:
      return body;
  }
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>');
}

function readablePart(headers: ReadonlyMap<string, string>, body: string, depth: number): string {
  const { mime, params } = contentType(headers.get('content-type'));
  if (mime.startsWith('multipart/') && depth < MAX_DEPTH) {
    const boundary = params.boundary;
    if (!boundary) return body;
    const parts = body
      .split(`--${boundary}`)
      .slice(1)
      .filter((p) => !p.startsWith('--'));
    const decoded = parts.map((p) => {
      const part = splitMessage(p.replace(/^[ \t]*\n/, ''));
      return { mime: contentType(part.headers.get('content-type')).mime, text: readablePart(part.headers, part.body, depth + 1) };
    });
    // multipart/alternative carries the same text twice; keep the plain version when there is one.
    const plain = decoded.filter((d) => d.mime === 'text/plain' || d.mime.startsWith('multipart/'));
    const chosen =
      mime === 'multipart/alternative' && plain.length > 0 ? plain : decoded.filter((d) => d.mime.startsWith('text/') || d.mime.startsWith('multipart/'));
    return chosen.map((d) => d.text).join('\n');
  }
  if (!mime.startsWith('text/') && !mime.startsWith('multipart/')) return '';
  // A part without transfer encoding is already text here: the corpus holds decoded strings, not bytes.
  const text = decodeTransfer(body, headers.get('content-transfer-encoding'), params.charset);
  return mime === 'text/html' ? htmlToText(text) : text;
}

/** Decodes RFC 2047 encoded words in a subject (`=?iso-8859-1?Q?...?=`); a value libmime cannot read stays as it is. */
export function decodeEncodedWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** Subject and readable body joined by a newline; NUL characters removed (PostgreSQL text rejects them). */
export function emailToText(raw: string): { subject: string; text: string } {
  const { headers, body } = splitMessage(raw);
  const subject = decodeEncodedWords(headers.get('subject') ?? '');
  const text = `${subject}\n${readablePart(headers, body, 0)}`.replace(/\u0000/g, '').trim();
  return { subject, text };
}
