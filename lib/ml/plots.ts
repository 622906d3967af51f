import type { PrPoint, RocPoint } from './curves';
import type { ConfusionMatrix } from './metrics';
import { axes, escapeXml, legend, PALETTE, polyline, svgDocument } from './svg';

/**
 * Standalone SVG documents for the evaluation report: candidate and champion drawn on the same
 * axes so a reviewer approving a promotion sees the difference, not two separate pictures.
 */

export interface CurveSeries<P> {
  /** Legend label, e.g. "candidate v12". */
  readonly name: string;
  readonly points: readonly P[];
  /** Area under this curve, appended to the legend label when given. */
  readonly area?: number;
}

const UNIT_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const label = (s: { name: string; area?: number }, what: string) => (s.area === undefined ? s.name : `${s.name} (${what} ${s.area.toFixed(3)})`);

export function rocCurveSvg(series: ReadonlyArray<CurveSeries<RocPoint>>, title = 'ROC curve'): string {
  const a = axes({ xLabel: 'False positive rate', yLabel: 'True positive rate', xDomain: [0, 1], yDomain: [0, 1], xTicks: UNIT_TICKS, yTicks: UNIT_TICKS });
  const chance = polyline(
    [
      [a.x(0), a.y(0)],
      [a.x(1), a.y(1)],
    ],
    '#999999',
    true,
  );
  const lines = series.map((s, i) =>
    polyline(
      s.points.map((p) => [a.x(p.fpr), a.y(p.tpr)] as const),
      colour(i),
    ),
  );
  const keys = series.map((s, i) => ({ label: label(s, 'AUC'), colour: colour(i) }));
  return svgDocument(title, [...a.svg, chance, ...lines, ...legend(keys, 'bottom-right')]);
}

export function prCurveSvg(series: ReadonlyArray<CurveSeries<PrPoint>>, title = 'Precision-recall curve'): string {
  const a = axes({ xLabel: 'Recall', yLabel: 'Precision', xDomain: [0, 1], yDomain: [0, 1], xTicks: UNIT_TICKS, yTicks: UNIT_TICKS });
  // Step-wise, as average precision integrates it: precision holds until recall moves.
  const lines = series.map((s, i) => {
    const pts: Array<readonly [number, number]> = [];
    s.points.forEach((p, k) => {
      const prev = s.points[k - 1];
      if (prev !== undefined) pts.push([a.x(p.recall), a.y(prev.precision)]);
      pts.push([a.x(p.recall), a.y(p.precision)]);
    });
    return polyline(pts, colour(i));
  });
  const keys = series.map((s, i) => ({ label: label(s, 'AP'), colour: colour(i) }));
  return svgDocument(title, [...a.svg, ...lines, ...legend(keys, 'bottom-right')]);
}

export function confusionMatrixSvg(matrix: ConfusionMatrix, options: { title?: string; classNames?: readonly [string, string] } = {}): string {
  const [negName, posName] = options.classNames ?? ['ham', 'spam'];
  const title = options.title ?? `Confusion matrix at threshold ${matrix.threshold}`;
  const cells = [
    { row: 0, col: 0, n: matrix.tn, what: 'TN' },
    { row: 0, col: 1, n: matrix.fp, what: 'FP' },
    { row: 1, col: 0, n: matrix.fn, what: 'FN' },
    { row: 1, col: 1, n: matrix.tp, what: 'TP' },
  ];
  const max = Math.max(1, ...cells.map((c) => c.n));
  const size = 130;
  const left = 170;
  const top = 90;
  const body: string[] = [];
  for (const c of cells) {
    const x = left + c.col * size;
    const y = top + c.row * size;
    const shade = c.n / max;
    // Light-to-dark blue; text flips to white once the cell is dark enough to need it.
    const fill = `rgb(${Math.round(239 - 200 * shade)},${Math.round(243 - 150 * shade)},${Math.round(255 - 80 * shade)})`;
    const ink = shade > 0.55 ? '#ffffff' : '#000000';
    body.push(`<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="${fill}" stroke="#ffffff" stroke-width="2"/>`);
    body.push(`<text x="${x + size / 2}" y="${y + size / 2}" text-anchor="middle" font-size="22" fill="${ink}">${c.n}</text>`);
    body.push(`<text x="${x + size / 2}" y="${y + size / 2 + 22}" text-anchor="middle" fill="${ink}">${c.what}</text>`);
  }
  const names = [negName, posName].map(escapeXml);
  names.forEach((name, i) => {
    body.push(`<text x="${left + i * size + size / 2}" y="${top - 10}" text-anchor="middle">${name}</text>`);
    body.push(`<text x="${left - 10}" y="${top + i * size + size / 2 + 4}" text-anchor="end">${name}</text>`);
  });
  body.push(`<text x="${left + size}" y="${top - 32}" text-anchor="middle" font-weight="bold">Predicted</text>`);
  body.push(
    `<text x="${left - 80}" y="${top + size}" text-anchor="middle" font-weight="bold" transform="rotate(-90 ${left - 80} ${top + size})">Actual</text>`,
  );
  return svgDocument(title, body);
}

export function lossCurveSvg(series: ReadonlyArray<{ name: string; values: readonly number[] }>, title = 'Training loss'): string {
  const epochs = Math.max(1, ...series.map((s) => s.values.length));
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  const top = niceCeiling(Math.max(1e-9, ...finite));
  const xTicks = integerTicks(epochs);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top);
  const a = axes({ xLabel: 'Epoch', yLabel: 'Mean loss', xDomain: [xTicks[0] ?? 1, Math.max(2, epochs)], yDomain: [0, top], xTicks, yTicks });
  const lines = series.map((s, i) =>
    polyline(
      s.values.flatMap((v, k) => (Number.isFinite(v) ? [[a.x(k + 1), a.y(v)] as const] : [])),
      colour(i),
    ),
  );
  return svgDocument(title, [
    ...a.svg,
    ...lines,
    ...legend(
      series.map((s, i) => ({ label: s.name, colour: colour(i) })),
      'top-right',
    ),
  ]);
}

const colour = (i: number): string => PALETTE[i % PALETTE.length] as string;

function niceCeiling(v: number): number {
  const step = 10 ** Math.floor(Math.log10(v));
  return Math.ceil(v / step) * step;
}

function integerTicks(n: number): number[] {
  const every = Math.max(1, Math.ceil(n / 10));
  const ticks: number[] = [];
  for (let e = 1; e <= Math.max(2, n); e += every) ticks.push(e);
  return ticks;
}
