import type { Context } from 'hono';
import type { OperatorAccess } from './access';
import type { PageFrame } from './pages/layout';
import type { ConsoleDeps } from './views';

/** What every route of the console reads: the views' dependencies and the operator check. */
export interface ConsoleContext {
  readonly deps: ConsoleDeps;
  readonly access: OperatorAccess;
  /** The header of a page for this request. */
  frame(c: Context): PageFrame;
}

export function consoleContext(deps: ConsoleDeps, access: OperatorAccess): ConsoleContext {
  const temporalUiUrl = `${deps.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(deps.namespace)}/workflows`;
  return {
    deps,
    access,
    frame: (c) => {
      const url = new URL(c.req.url);
      return { access: access.stateOf(c), path: `${url.pathname}${url.search}`, temporalUiUrl };
    },
  };
}

/** Where a form may send the browser back to: a path of this console, never another site. */
export function safeNext(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
}

/** A string field of a parsed form body (a file field or a missing one is ''). */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

/** Only the string fields of a form body: the console takes no uploads. */
export function stringFields(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
