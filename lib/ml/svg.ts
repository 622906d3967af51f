/** String-building helpers for the report plots: no DOM, no dependencies, deterministic output. */
import { escapeXml } from '../../common/dag/escape-xml';

export const WIDTH = 520;
export const HEIGHT = 420;
const MARGIN = { top: 44, right: 20, bottom: 56, left: 64 };
// Colour-blind-safe pair (Okabe-Ito): candidate first, champion second.
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7'] as const;

export { escapeXml };

const fmt = (n: number): string => (Math.round(n * 100) / 100).toString();

export function svgDocument(title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

export interface Axes {
  readonly x: (v: number) => number;
  readonly y: (v: number) => number;
  readonly svg: string[];
}

/** Plot area with ticks, grid and axis titles; returns the data-to-pixel maps. */
export function axes(opts: {
  xLabel: string;
  yLabel: string;
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  xTicks: readonly number[];
  yTicks: readonly number[];
}): Axes {
  const [x0, x1] = opts.xDomain;
  const [y0, y1] = opts.yDomain;
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  const x = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * (right - left);
  const y = (v: number) => bottom - ((v - y0) / (y1 - y0 || 1)) * (bottom - top);
  const svg = [`<g class="axes" stroke="#333333">`];
  for (const t of opts.xTicks) {
    svg.push(`<line x1="${fmt(x(t))}" y1="${top}" x2="${fmt(x(t))}" y2="${bottom}" stroke="#e5e5e5"/>`);
    svg.push(`<text x="${fmt(x(t))}" y="${bottom + 16}" text-anchor="middle" stroke="none">${tickLabel(t)}</text>`);
  }
  for (const t of opts.yTicks) {
    svg.push(`<line x1="${left}" y1="${fmt(y(t))}" x2="${right}" y2="${fmt(y(t))}" stroke="#e5e5e5"/>`);
    svg.push(`<text x="${left - 6}" y="${fmt(y(t) + 4)}" text-anchor="end" stroke="none">${tickLabel(t)}</text>`);
  }
  svg.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}"/>`);
  svg.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}"/>`);
  svg.push('</g>');
  svg.push(`<text x="${(left + right) / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escapeXml(opts.xLabel)}</text>`);
  svg.push(`<text x="16" y="${(top + bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(top + bottom) / 2})">${escapeXml(opts.yLabel)}</text>`);
  return { x, y, svg };
}

function tickLabel(t: number): string {
  return String(Number(t.toPrecision(3)));
}

export function polyline(points: ReadonlyArray<readonly [number, number]>, colour: string, dashed = false): string {
  const d = points.map(([px, py]) => `${fmt(px)},${fmt(py)}`).join(' ');
  const dash = dashed ? ' stroke-dasharray="5 4"' : '';
  return `<polyline points="${d}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`;
}

/** Legend in the given corner of the plot area. */
export function legend(entries: ReadonlyArray<{ label: string; colour: string }>, corner: 'bottom-right' | 'top-right'): string[] {
  const right = WIDTH - MARGIN.right - 10;
  const rowHeight = 18;
  const y0 = corner === 'top-right' ? MARGIN.top + 14 : HEIGHT - MARGIN.bottom - 10 - rowHeight * (entries.length - 1);
  return entries.flatMap(({ label, colour }, i) => [
    `<line x1="${right - 22}" y1="${y0 + i * rowHeight - 4}" x2="${right}" y2="${y0 + i * rowHeight - 4}" stroke="${colour}" stroke-width="3"/>`,
    `<text x="${right - 28}" y="${y0 + i * rowHeight}" text-anchor="end">${escapeXml(label)}</text>`,
  ]);
}
