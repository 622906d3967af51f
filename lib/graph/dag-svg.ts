import { escapeXml } from '../../common/dag/escape-xml';
import { STATE_COLOURS } from '../../common/dag/mermaid';
import { TASK_STATES, type TaskKind, type TaskState } from '../../common/dag/types';
import { layoutDag, type DagShape, type EdgePath, type LayoutDirection, type NodeBox } from './layout-dag';

export interface RenderDagSvgOptions {
  /** Live state per task id; a task without one is drawn as `none`. */
  readonly states?: Readonly<Record<string, TaskState>>;
  /** A third line per task, e.g. `try 2 · 3m 10s`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Makes each task a link (the console's task panel, an artifact). */
  readonly linkFor?: (taskId: string) => string | undefined;
  /** Draw the state colours under the graph. @default true when `states` is given */
  readonly legend?: boolean;
  /** `LR` left to right, `TB` top to bottom (a long DAG within a page's width). @default 'LR' */
  readonly direction?: LayoutDirection;
}

const NODE = { width: 184, height: 52 } as const;
const TITLE_H = 28;
const LEGEND_ROW_H = 22;
const LEGEND_ITEM_W = 132;
const STROKE = '#333333';

/** Text on a state's fill: white where the fill is dark enough that black would not read. */
function textColour(state: TaskState): string {
  return state === 'success' || state === 'failed' ? '#ffffff' : '#000000';
}

/**
 * The outline of a task by kind, so a reader tells a branch from an approval without reading its
 * label: activities are rounded boxes, child workflows double-framed, branches and short-circuits
 * pointed, joins ellipses, sensors pills, approvals octagons, maps a stack of boxes.
 */
function shape(kind: TaskKind, box: NodeBox, fill: string): string[] {
  const { x, y, width: w, height: h } = box;
  const paint = `fill="${fill}" stroke="${STROKE}"`;
  const poly = (points: readonly (readonly [number, number])[], extra = ''): string =>
    `<polygon points="${points.map(([px, py]) => `${r(px)},${r(py)}`).join(' ')}" ${paint}${extra}/>`;
  switch (kind) {
    case 'activity':
      return [`<rect x="${r(x)}" y="${r(y)}" width="${w}" height="${h}" rx="6" ${paint}/>`];
    case 'child_workflow':
      return [
        `<rect x="${r(x)}" y="${r(y)}" width="${w}" height="${h}" rx="6" ${paint}/>`,
        `<rect x="${r(x + 4)}" y="${r(y + 4)}" width="${w - 8}" height="${h - 8}" rx="4" fill="none" stroke="${STROKE}"/>`,
      ];
    case 'branch':
    case 'short_circuit': {
      const p = 16;
      return [
        poly([
          [x + p, y],
          [x + w - p, y],
          [x + w, y + h / 2],
          [x + w - p, y + h],
          [x + p, y + h],
          [x, y + h / 2],
        ]),
      ];
    }
    case 'join':
      return [`<ellipse cx="${r(x + w / 2)}" cy="${r(y + h / 2)}" rx="${w / 2}" ry="${h / 2}" ${paint}/>`];
    case 'sensor':
      return [`<rect x="${r(x)}" y="${r(y)}" width="${w}" height="${h}" rx="${h / 2}" ${paint}/>`];
    case 'approval': {
      const c = 10;
      return [
        poly(
          [
            [x + c, y],
            [x + w - c, y],
            [x + w, y + c],
            [x + w, y + h - c],
            [x + w - c, y + h],
            [x + c, y + h],
            [x, y + h - c],
            [x, y + c],
          ],
          ' stroke-width="2"',
        ),
      ];
    }
    case 'map':
      return [
        `<rect x="${r(x + 6)}" y="${r(y - 6)}" width="${w - 6}" height="${h - 6}" rx="6" ${paint}/>`,
        `<rect x="${r(x + 3)}" y="${r(y - 3)}" width="${w - 6}" height="${h - 6}" rx="6" ${paint}/>`,
        `<rect x="${r(x)}" y="${r(y)}" width="${w - 6}" height="${h - 6}" rx="6" ${paint}/>`,
      ];
  }
}

function r(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A smooth path through dagre's route points (a quadratic through each bend). */
function edgePath(edge: EdgePath, dy: number): string {
  const pts = edge.points.map((p) => ({ x: p.x, y: p.y + dy }));
  if (pts.length < 2) return '';
  const d = [`M${r(pts[0]!.x)},${r(pts[0]!.y)}`];
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i]!;
    const n = pts[i + 1]!;
    d.push(`Q${r(p.x)},${r(p.y)} ${r((p.x + n.x) / 2)},${r((p.y + n.y) / 2)}`);
  }
  const last = pts[pts.length - 1]!;
  d.push(`L${r(last.x)},${r(last.y)}`);
  return d.join(' ');
}

function legend(top: number, width: number): { svg: string[]; height: number } {
  const perRow = Math.max(1, Math.floor((width - 16) / LEGEND_ITEM_W));
  const svg = [`<g class="legend" font-size="11">`];
  TASK_STATES.forEach((state, i) => {
    const x = 16 + (i % perRow) * LEGEND_ITEM_W;
    const y = top + Math.floor(i / perRow) * LEGEND_ROW_H;
    svg.push(
      `<g data-legend-state="${state}"><rect x="${x}" y="${y}" width="14" height="14" rx="3" fill="${STATE_COLOURS[state]}" stroke="${STROKE}"/>` +
        `<text x="${x + 20}" y="${y + 11}">${escapeXml(state.replace(/_/g, ' '))}</text></g>`,
    );
  });
  svg.push('</g>');
  return { svg, height: Math.ceil(TASK_STATES.length / perRow) * LEGEND_ROW_H + 8 };
}

/**
 * A standalone SVG of a DAG laid out by dagre: tasks coloured by state, shaped by kind, edges
 * with arrowheads from upstream to downstream, and a legend of the state colours. Each task is a
 * `<g data-task-id data-state data-kind>` (edges `<path data-from data-to>`) so a page can find
 * and restyle nodes, and a browser test can assert on them.
 */
export function renderDagSvg(spec: DagShape, options: RenderDagSvgOptions = {}): string {
  const layout = layoutDag(spec, { node: NODE, ...(options.direction ? { direction: options.direction } : {}) });
  const width = Math.max(Math.ceil(layout.width), 360);
  const graphBottom = TITLE_H + Math.ceil(layout.height);
  const showLegend = options.legend ?? options.states !== undefined;
  const key = showLegend ? legend(graphBottom + 4, width) : { svg: [], height: 0 };
  const height = graphBottom + key.height;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" data-dag-id="${escapeXml(spec.id)}">`,
    `<title>${escapeXml(spec.id)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
      '<path d="M0,0 L10,5 L0,10 z" fill="#777777"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="20" font-size="14" font-weight="bold">${escapeXml(spec.id)}</text>`,
  ];
  for (const edge of layout.edges) {
    const d = edgePath(edge, TITLE_H);
    if (d)
      out.push(
        `<path data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" d="${d}" fill="none" stroke="#777777" stroke-width="1.4" marker-end="url(#arrow)"/>`,
      );
  }
  for (const node of layout.nodes) {
    const box = { ...node, y: node.y + TITLE_H };
    const state = options.states?.[node.taskId] ?? 'none';
    const colour = textColour(state);
    const sub = [node.kind === 'activity' ? undefined : node.kind.replace(/_/g, ' '), state === 'none' ? undefined : state.replace(/_/g, ' ')]
      .filter(Boolean)
      .join(' · ');
    const label = options.labels?.[node.taskId];
    const lines = [
      `<text x="${r(box.x + 12)}" y="${r(box.y + 18)}" fill="${colour}" font-weight="bold">${escapeXml(clip(node.taskId, 24))}</text>`,
      sub ? `<text x="${r(box.x + 12)}" y="${r(box.y + 32)}" fill="${colour}" font-size="10">${escapeXml(sub)}</text>` : '',
      label ? `<text x="${r(box.x + 12)}" y="${r(box.y + 45)}" fill="${colour}" font-size="10">${escapeXml(clip(label, 30))}</text>` : '',
    ].filter(Boolean);
    const body = [
      `<title>${escapeXml([node.taskId, node.kind, state, label].filter(Boolean).join(' · '))}</title>`,
      ...shape(node.kind, box, STATE_COLOURS[state]),
      ...lines,
    ];
    const href = options.linkFor?.(node.taskId);
    const inner = href === undefined ? body : [`<a href="${escapeXml(href)}">`, ...body, '</a>'];
    out.push(`<g data-task-id="${escapeXml(node.taskId)}" data-state="${state}" data-kind="${node.kind}">`, ...inner, '</g>');
  }
  out.push(...key.svg, '</svg>');
  return `${out.join('\n')}\n`;
}
