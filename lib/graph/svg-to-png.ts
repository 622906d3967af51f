import { graphPeer } from './optional-peer';

type Resvg = typeof import('@resvg/resvg-js');

export interface PngOptions {
  /** Width of the PNG in pixels; the height keeps the picture's aspect ratio. @default the SVG's own width */
  readonly width?: number;
  /** @default '#ffffff' (reports and chat previews show transparency as black or checkers) */
  readonly background?: string;
}

/**
 * Rasterises an SVG (a DAG picture, an ROC or PR plot) to PNG with resvg, a native prebuilt that
 * is loaded here on first use so that importing lib/graph never needs it. Text uses the system
 * fonts (sans-serif).
 */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  if (options.width !== undefined && (!Number.isInteger(options.width) || options.width < 1 || options.width > 16_384)) {
    throw new RangeError(`svgToPng width ${JSON.stringify(options.width)} is invalid: expected an integer from 1 to 16384 pixels`);
  }
  const { Resvg } = graphPeer<Resvg>('@resvg/resvg-js', 'writing a PNG');
  const resvg = new Resvg(svg, {
    background: options.background ?? '#ffffff',
    fitTo: options.width === undefined ? { mode: 'original' } : { mode: 'width', value: options.width },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
