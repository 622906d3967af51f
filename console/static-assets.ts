import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';

/**
 * The console's two static files, read once at start: its stylesheet (console/static, copied to
 * dist/ by scripts/build.mjs) and htmx from node_modules. Served by the console itself, so it
 * works without internet and no CDN sees who opens it.
 */
export function staticAssets(): { css: string; htmx: string } {
  return {
    css: readFileSync(join(__dirname, 'static', 'console.css'), 'utf8'),
    htmx: readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'),
  };
}

/** Paths the pages link to. */
export const ASSET_PATHS = { css: '/static/console.css', htmx: '/static/htmx.min.js' } as const;

export function serveStaticAssets(app: Hono): void {
  const assets = staticAssets();
  const cache = { 'Cache-Control': 'public, max-age=3600' };
  app.get(ASSET_PATHS.css, (c) => c.body(assets.css, 200, { ...cache, 'Content-Type': 'text/css; charset=utf-8' }));
  app.get(ASSET_PATHS.htmx, (c) => c.body(assets.htmx, 200, { ...cache, 'Content-Type': 'text/javascript; charset=utf-8' }));
}
