/** The picture packages are optional peers: the CLI and console load them on first use only. */
export const GRAPH_PACKAGES = ['@dagrejs/dagre', '@resvg/resvg-js'] as const;

/**
 * Requires an optional peer on first use, so importing lib/graph (or a CLI command that draws)
 * works where it is not installed; absent, the message says what needs it and what to install.
 */
export function graphPeer<T>(name: (typeof GRAPH_PACKAGES)[number], purpose: string): T {
  try {
    return require(name) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    throw new Error(`${purpose} needs ${name}, which is not installed: npm install ${name}`, { cause: err });
  }
}
