import { axes, legend, PALETTE, polyline, svgDocument } from '../ml/svg';
import type { PerformanceReport } from './performance-report';

/**
 * The score distribution of each version that answered, as the share of its predictions per
 * score bin (a step line per version), drawn with the evaluation plots' primitives.
 */
export function scoreHistogramSvg(
  report: PerformanceReport,
  title = `Scores of ${report.model}, ${report.window.start.slice(0, 10)} to ${report.window.end.slice(0, 10)}`,
): string {
  const shares = report.versions.map((v) => {
    const total = v.stats.scoreHistogram.reduce((a, b) => a + b, 0);
    return v.stats.scoreHistogram.map((n) => (total === 0 ? 0 : n / total));
  });
  const top = Math.max(0.1, Math.ceil(Math.max(0, ...shares.flat()) * 10) / 10);
  const a = axes({
    xLabel: 'Score',
    yLabel: 'Share of predictions',
    xDomain: [0, 1],
    yDomain: [0, top],
    xTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    yTicks: [0, 0.25, 0.5, 0.75, 1].map((f) => f * top),
  });
  const colour = (i: number) => PALETTE[i % PALETTE.length] as string;
  const lines = shares.map((bins, i) => {
    const width = 1 / bins.length;
    const points = bins.flatMap((share, b) => [[a.x(b * width), a.y(share)] as const, [a.x((b + 1) * width), a.y(share)] as const]);
    return polyline(points, colour(i), report.versions[i]!.role === 'challenger');
  });
  const entries = report.versions.map((v, i) => ({ label: `v${v.version} ${v.role} (${v.stats.count})`, colour: colour(i) }));
  return svgDocument(title, [...a.svg, ...lines, ...legend(entries, 'top-right')]);
}
