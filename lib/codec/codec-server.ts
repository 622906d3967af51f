import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { formatZodIssues } from '../../common/validation';
import { PayloadDecryptionError, UnknownPayloadKeyError } from './errors';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** @default 127.0.0.1 */
  host?: string;
  /** 0 picks a free one. */
  port: number;
  /** Origins allowed by CORS (the Web UI's, e.g. `http://127.0.0.1:8233`); `*` allows any. */
  allowedOrigins: readonly string[];
  /**
   * The bearer token every /encode and /decode must carry (`Authorization: Bearer <token>`).
   * @default none: no authentication (refused on a host other than loopback)
   */
  token?: string;
  /** Told about a failure that is not the caller's (answered 500 without details). */
  onError?: (err: unknown) => void;
}

export interface RunningCodecServer {
  /** `http://host:port`: what `--codec-endpoint` and the UI's codec endpoint take. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Headers the Web UI sends to a codec server; a preflight must allow them. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Namespace';
/** Biggest request body: Temporal refuses payloads past 2 MB, and a request carries a few. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
// Payloads in the protobuf JSON form: bytes fields are base64.
const requestSchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant time in the token's content: both sides are hashed to equal lengths first. */
function authorized(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function fromJson(payload: z.infer<typeof requestSchema>['payloads'][number]): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(payload.data ?? '', 'base64'),
  };
}

function toJson(payload: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body: expected at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function transform(codec: PayloadCodec, operation: 'encode' | 'decode', body: string): Promise<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new HttpError(400, 'request body: expected JSON {"payloads":[{"metadata":{...},"data":"<base64>"}]}');
  }
  const result = requestSchema.safeParse(parsed);
  if (!result.success) throw new HttpError(400, `request body: ${formatZodIssues(result.error.issues).join('; ')}`);
  const payloads = result.data.payloads.map(fromJson);
  try {
    const out = operation === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    return JSON.stringify({ payloads: out.map(toJson) });
  } catch (err) {
    if (err instanceof UnknownPayloadKeyError || err instanceof PayloadDecryptionError) throw new HttpError(422, err.message);
    throw err;
  }
}

/**
 * The Temporal codec server protocol (temporalio/samples-go codec-server/protocol.md): POST
 * `.../encode` and `.../decode` with `{"payloads":[...]}` in the protobuf JSON form, answered in
 * the same form. Only the path's last segment counts, so it can be mounted under any prefix. CORS
 * answers the allowed origins (the Web UI calls it from the browser); with a token, every
 * encode/decode must carry it as a bearer token.
 */
export async function startCodecServer(options: CodecServerOptions): Promise<RunningCodecServer> {
  const host = options.host ?? '127.0.0.1';
  if (!options.token && !isLoopback(host)) {
    throw new Error(`codec server on ${host}: set CODEC_SERVER_TOKEN, anyone who reaches it could decrypt payloads (or listen on 127.0.0.1)`);
  }
  const anyOrigin = options.allowedOrigins.includes('*');

  const cors = (req: IncomingMessage, res: ServerResponse): boolean => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (!anyOrigin && !options.allowedOrigins.includes(origin)) return false;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const originAllowed = cors(req, res);
    if (req.method === 'OPTIONS') {
      if (!originAllowed) throw new HttpError(403, `origin ${JSON.stringify(req.headers.origin)} is not allowed: add it to CODEC_SERVER_CORS_ORIGINS`);
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    const operation = /\/(encode|decode)\/?$/.exec(new URL(req.url ?? '/', 'http://codec').pathname)?.[1] as 'encode' | 'decode' | undefined;
    if (!operation) throw new HttpError(404, 'not found: POST .../encode or .../decode');
    if (req.method !== 'POST') throw new HttpError(405, `${req.method} ${operation}: expected POST`);
    if (!originAllowed) throw new HttpError(403, `origin ${JSON.stringify(req.headers.origin)} is not allowed: add it to CODEC_SERVER_CORS_ORIGINS`);
    if (options.token && !authorized(req.headers.authorization, options.token)) {
      throw new HttpError(401, 'authorization: expected the header "Authorization: Bearer <CODEC_SERVER_TOKEN>"');
    }
    const body = await transform(options.codec, operation, await readBody(req));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof HttpError ? err.message : 'internal error';
      if (!(err instanceof HttpError)) options.onError?.(err);
      if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: message }));
      // The request may be unread (401 before the body): drop the connection rather than drain it.
      req.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
