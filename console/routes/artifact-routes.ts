import type { Hono } from 'hono';
import { svgToPng } from '../../lib/graph';
import type { ConsoleContext } from '../console-context';
import { artifactForDisplay } from '../views';

/** An artifact served to a browser may not run anything: no scripts in an SVG, no sniffing. */
const ARTIFACT_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'private, max-age=300',
};

/**
 * `/artifacts?uri=...`: a report, manifest or plot a run or the registry references (the views
 * refuse any other URI); `&format=png` turns an SVG plot into a PNG for reports.
 */
export function artifactRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/artifacts', async (c) => {
    const uri = c.req.query('uri');
    if (!uri) return c.text('uri: expected the artifact URI to show, e.g. /artifacts?uri=file:///...', 400);
    // The run the link came from: its outputs name artifacts the registry does not (a validation report).
    const run = c.req.query('run');
    const artifact = await artifactForDisplay(ctx.deps, uri, run ? { workflowId: run } : {});
    if (!artifact) return c.text(`artifact ${uri}: not found, or not referenced by a run or a model version`, 404);
    if (c.req.query('format') === 'png') {
      if (!artifact.contentType.startsWith('image/svg+xml')) return c.text(`format=png: only SVG artifacts convert (this one is ${artifact.contentType})`, 400);
      return c.body(new Uint8Array(svgToPng(artifact.body.toString('utf8'))), 200, { ...ARTIFACT_HEADERS, 'Content-Type': 'image/png' });
    }
    return c.body(new Uint8Array(artifact.body), 200, { ...ARTIFACT_HEADERS, 'Content-Type': artifact.contentType });
  });
}
