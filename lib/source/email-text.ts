/**
 * Turns a raw RFC 822 message into model text: the subject and the readable body, without the
 * headers (routing headers leak the collection a message came from, which a model would learn
 * instead of the content). Only the cheap MIME cases are decoded: quoted-printable and base64
 * text parts, multipart bodies split on their boundary, HTML reduced to its text.
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

function param(value: string, name: string): string | undefined {
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

function bytesToText(bytes: Buffer, charset: string | undefined): string {
  return /^(utf-?8|us-ascii)$/i.test(charset ?? 'utf-8') ? bytes.toString('utf8') : bytes.toString('latin1');
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
  const type = headers.get('content-type') ?? 'text/plain';
  const mime = type.split(';')[0]!.trim().toLowerCase();
  if (mime.startsWith('multipart/') && depth < MAX_DEPTH) {
    const boundary = param(type, 'boundary');
    if (!boundary) return body;
    const parts = body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--'));
    const decoded = parts.map((p) => {
      const part = splitMessage(p.replace(/^[ \t]*\n/, ''));
      return { mime: (part.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase(), text: readablePart(part.headers, part.body, depth + 1) };
    });
    // multipart/alternative carries the same text twice; keep the plain version when there is one.
    const plain = decoded.filter((d) => d.mime === 'text/plain' || d.mime.startsWith('multipart/'));
    const chosen = mime === 'multipart/alternative' && plain.length > 0 ? plain : decoded.filter((d) => d.mime.startsWith('text/') || d.mime.startsWith('multipart/'));
    return chosen.map((d) => d.text).join('\n');
  }
  if (!mime.startsWith('text/') && !mime.startsWith('multipart/')) return '';
  const text = decodeTransfer(body, headers.get('content-transfer-encoding'), param(type, 'charset'));
  return mime === 'text/html' ? htmlToText(text) : text;
}

/** Decodes RFC 2047 encoded words in a subject (`=?iso-8859-1?Q?...?=`), leaving bad ones as they are. */
export function decodeEncodedWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (whole, charset: string, enc: string, data: string) => {
    try {
      return enc.toUpperCase() === 'B'
        ? bytesToText(Buffer.from(data, 'base64'), charset)
        : decodeQuotedPrintable(data.replace(/_/g, ' '), charset);
    } catch {
      return whole;
    }
  });
}

/** Subject and readable body joined by a newline; NUL characters removed (PostgreSQL text rejects them). */
export function emailToText(raw: string): { subject: string; text: string } {
  const { headers, body } = splitMessage(raw);
  const subject = decodeEncodedWords(headers.get('subject') ?? '');
  const text = `${subject}\n${readablePart(headers, body, 0)}`.replace(/\u0000/g, '').trim();
  return { subject, text };
}
