import { raw } from 'hono/html';
import type { FC, PropsWithChildren } from 'hono/jsx';
import type { AccessState } from '../access';
import { ASSET_PATHS } from '../static-assets';

export interface PageFrame {
  readonly access: AccessState;
  /** The request's path and query, for "sign in and come back". */
  readonly path: string;
  /** The Temporal Web UI's namespace page. */
  readonly temporalUiUrl: string;
}

const NAV = [
  ['/', 'Runs'],
  ['/dags', 'DAGs'],
  ['/models', 'Models'],
] as const;

const AccessBadge: FC<{ frame: PageFrame }> = ({ frame }) => {
  switch (frame.access) {
    case 'operator':
      return (
        <form method="post" action="/logout" class="access">
          <span class="badge badge-operator">operator</span> <button class="link">sign out</button>
        </form>
      );
    case 'signed-out':
      return (
        <span class="access">
          <span class="badge">read-only</span> <a href={`/login?next=${encodeURIComponent(frame.path)}`}>sign in</a>
        </span>
      );
    case 'read-only':
      return (
        <span class="access">
          <span class="badge">read-only: no operator token configured</span>
        </span>
      );
  }
};

/** Every page: the navigation, who the visitor is to the console, then the page. */
export const Layout: FC<PropsWithChildren<{ title: string; frame: PageFrame }>> = ({ title, frame, children }) => {
  const section =
    frame.path === '/' || frame.path.startsWith('/runs') || frame.path.startsWith('/?') ? '/' : `/${frame.path.split('/')[1]?.split('?')[0] ?? ''}`;
  // Without the doctype a browser renders in quirks mode (other box sizes, table fonts).
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · model-factory`}</title>
          <link rel="stylesheet" href={ASSET_PATHS.css} />
          <script src={ASSET_PATHS.htmx} defer></script>
        </head>
        <body>
          <header class="top">
            <a class="brand" href="/">
              model-factory
            </a>
            <nav>
              {NAV.map(([href, label]) => (
                <a href={href} class={section === href ? 'current' : undefined}>
                  {label}
                </a>
              ))}
              <a href={frame.temporalUiUrl} target="_blank" rel="noopener">
                Temporal UI ↗
              </a>
            </nav>
            <AccessBadge frame={frame} />
          </header>
          <main>
            <h1>{title}</h1>
            {children}
          </main>
        </body>
      </html>
    </>
  );
};
