import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { formatZodIssues } from '../common/validation';

/** The HttpOnly cookie a signed-in browser carries: a digest of the token, never the token. */
export const SESSION_COOKIE = 'factory_operator';
/** Remembers who acted last, to prefill the name fields; not a credential. */
export const ACTOR_COOKIE = 'factory_actor';

/** How the current request stands with the operator token. */
export type AccessState = 'read-only' | 'signed-out' | 'operator';

export class AccessRefusedError extends Error {
  override readonly name = 'AccessRefusedError';
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

export interface OperatorAccess {
  /** Whether the console accepts actions at all (a token is configured). */
  readonly writable: boolean;
  stateOf(c: Context): AccessState;
  /** Throws AccessRefusedError unless the request carries the operator token (header or cookie). */
  assertOperator(c: Context): void;
  /** True, and the session cookie set, when `presented` is the token. */
  signIn(c: Context, presented: string): boolean;
  signOut(c: Context): void;
}

const digest = (text: string) => createHmac('sha256', 'factory-console').update(text, 'utf8').digest();

/** Constant time in the content: both sides are digests of equal length. */
function sameSecret(presented: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(presented), expected);
}

/**
 * The operator token check. The session cookie holds an HMAC of the token under a fixed label, so
 * a leaked cookie jar does not leak the token, and changing the token signs every browser out.
 */
export function operatorAccess(token: string | undefined): OperatorAccess {
  const expected = token === undefined ? undefined : digest(token);
  const sessionValue = token === undefined ? undefined : createHmac('sha256', token).update('factory-console-session').digest('base64url');
  const sessionDigest = sessionValue === undefined ? undefined : digest(sessionValue);

  const bearerOf = (c: Context) => /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const hasSession = (c: Context) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    return cookie !== undefined && sessionDigest !== undefined && sameSecret(cookie, sessionDigest);
  };

  return {
    writable: expected !== undefined,
    stateOf(c) {
      if (expected === undefined) return 'read-only';
      const bearer = bearerOf(c);
      return (bearer !== undefined && sameSecret(bearer, expected)) || hasSession(c) ? 'operator' : 'signed-out';
    },
    assertOperator(c) {
      if (expected === undefined) {
        throw new AccessRefusedError(
          403,
          'this console is read-only: no CONSOLE_OPERATOR_TOKEN (or CONSOLE_OPERATOR_TOKEN_FILE) is configured; nothing was changed',
        );
      }
      const bearer = bearerOf(c);
      if (bearer !== undefined) {
        if (!sameSecret(bearer, expected)) throw new AccessRefusedError(403, 'the operator token in the Authorization header is wrong; nothing was changed');
        return;
      }
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie === undefined) {
        throw new AccessRefusedError(
          401,
          'this action needs the operator token: sign in at /login, or send "Authorization: Bearer <CONSOLE_OPERATOR_TOKEN>"; nothing was changed',
        );
      }
      if (!hasSession(c))
        throw new AccessRefusedError(403, 'the operator session is no longer valid (the token changed?): sign in again at /login; nothing was changed');
    },
    signIn(c, presented) {
      if (expected === undefined || sessionValue === undefined || !sameSecret(presented, expected)) return false;
      setCookie(c, SESSION_COOKIE, sessionValue, { httpOnly: true, sameSite: 'Strict', path: '/', secure: new URL(c.req.url).protocol === 'https:' });
      return true;
    },
    signOut(c) {
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    },
  };
}

/**
 * CSRF guard for every POST: a browser names the page that sent it (Origin, or Sec-Fetch-Site);
 * a form posted from another site is refused before the token is even looked at. Requests without
 * either header (curl, scripts with a bearer token) are not from a browser and pass.
 */
export function sameOriginPosts(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const origin = c.req.header('origin');
    const own = new URL(c.req.url).origin;
    const site = c.req.header('sec-fetch-site');
    if ((origin !== undefined && origin !== own) || site === 'cross-site') {
      throw new AccessRefusedError(403, `cross-origin POST refused (Origin ${JSON.stringify(origin ?? site)}, expected ${own}); nothing was changed`);
    }
    return next();
  };
}

const actorSchema = z
  .string()
  .trim()
  .min(1, 'your name (who approves, retries or starts this is recorded)')
  .max(100, 'at most 100 characters')
  .regex(/^[^\p{Cc}]*$/u, 'a name without control characters');

/** The actor a form names, or the one-line problem with it. */
export function parseActorName(value: unknown, field = 'name'): { ok: true; name: string } | { ok: false; message: string } {
  const parsed = actorSchema.safeParse(typeof value === 'string' ? value : '');
  if (parsed.success) return { ok: true, name: parsed.data };
  return { ok: false, message: formatZodIssues(parsed.error, { prefix: field, input: value }).join('; ') };
}

export function rememberActor(c: Context, name: string): void {
  setCookie(c, ACTOR_COOKIE, name, { sameSite: 'Strict', path: '/', maxAge: 60 * 60 * 24 * 365 });
}

export function rememberedActor(c: Context): string {
  return getCookie(c, ACTOR_COOKIE) ?? '';
}
