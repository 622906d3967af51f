import type { TaskKind, TaskSpec } from '../../common/dag/types';
import { graphPeer } from './optional-peer';

/**
 * The part of dagre used here, typed by hand: the package's own declarations use extensionless
 * ESM imports that the build's node16 resolution cannot follow, which would leave them `any`.
 */
interface DagreGraph {
  setGraph(label: { rankdir: LayoutDirection; nodesep: number; ranksep: number }): void;
  setDefaultEdgeLabel(label: () => object): void;
  setNode(id: string, label: { width: number; height: number }): void;
  setEdge(from: string, to: string): void;
  node(id: string): { x?: number; y?: number };
  edges(): { v: string; w: string }[];
  edge(edge: { v: string; w: string }): { points?: { x: number; y: number }[] } | undefined;
}

interface Dagre {
  graphlib: { Graph: new () => DagreGraph };
  layout(graph: DagreGraph): void;
}

/** What a picture needs of a DAG: a DagSpec fits, and so does a run's task list with its dependencies. */
export interface DagShape {
  readonly id: string;
  readonly tasks: readonly Pick<TaskSpec, 'id' | 'kind' | 'deps'>[];
}

export interface NodeBox {
  readonly taskId: string;
  readonly kind: TaskKind;
  /** Top-left corner and size, in SVG pixels. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface EdgePath {
  /** The upstream task (a dependency) and the task that waits for it. */
  readonly from: string;
  readonly to: string;
  /** The route dagre chose, from the upstream box to the downstream one. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

export interface DagLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly NodeBox[];
  readonly edges: readonly EdgePath[];
}

/** Where downstream tasks go: `LR` left to right, `TB` top to bottom. */
export type LayoutDirection = 'LR' | 'TB';

export interface LayoutOptions {
  /**
   * Left to right reads like Airflow's graph and fits short, wide screens; top to bottom keeps a
   * long DAG (weekly_retraining) within a page's width. @default 'LR'
   */
  readonly direction?: LayoutDirection;
  /** Size of every task box. @default { width: 184, height: 52 } */
  readonly node?: { readonly width: number; readonly height: number };
  /** Space kept free around the drawing. @default 16 */
  readonly margin?: number;
}

/**
 * Lays a DAG out left to right (or top to bottom) with dagre (Sugiyama layering, crossing reduction): tasks are
 * nodes, dependencies edges from upstream to downstream. Deterministic for a given spec, so a
 * picture changes only when the DAG does. Dependencies on unknown tasks are left out (validation
 * reports them); a cycle is drawn with one edge reversed by dagre.
 */
export function layoutDag(spec: Pick<DagShape, 'tasks'>, options: LayoutOptions = {}): DagLayout {
  const dagre = graphPeer<Dagre>('@dagrejs/dagre', 'laying out a DAG');
  const { width: nodeWidth, height: nodeHeight } = options.node ?? { width: 184, height: 52 };
  const margin = options.margin ?? 16;
  const graph = new dagre.graphlib.Graph();
  // Ranks sit side by side in LR, so they need room for the arrows between the wide boxes; in TB
  // the boxes of a rank sit side by side and the ranks need less.
  const direction = options.direction ?? 'LR';
  graph.setGraph(direction === 'LR' ? { rankdir: 'LR', nodesep: 22, ranksep: 56 } : { rankdir: 'TB', nodesep: 28, ranksep: 40 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(spec.tasks.map((t) => t.id));
  for (const task of spec.tasks) graph.setNode(task.id, { width: nodeWidth, height: nodeHeight });
  for (const task of spec.tasks) for (const dep of task.deps) if (ids.has(dep) && dep !== task.id) graph.setEdge(dep, task.id);
  dagre.layout(graph);
  const placed = spec.tasks.map((task) => {
    const n = graph.node(task.id);
    return { taskId: task.id, kind: task.kind, x: (n.x ?? 0) - nodeWidth / 2, y: (n.y ?? 0) - nodeHeight / 2, width: nodeWidth, height: nodeHeight };
  });
  const routes = graph.edges().map((e) => ({ from: e.v, to: e.w, points: graph.edge(e)?.points ?? [] }));
  // Bounds from what is drawn: a long edge may route outside the box dagre reports for the graph.
  const xs = [...placed.flatMap((n) => [n.x, n.x + n.width]), ...routes.flatMap((e) => e.points.map((p) => p.x))];
  const ys = [...placed.flatMap((n) => [n.y, n.y + n.height]), ...routes.flatMap((e) => e.points.map((p) => p.y))];
  const minX = xs.length ? Math.min(...xs) : 0;
  const minY = ys.length ? Math.min(...ys) : 0;
  const shiftX = margin - minX;
  const shiftY = margin - minY;
  const nodes: NodeBox[] = placed.map((n) => ({ ...n, x: n.x + shiftX, y: n.y + shiftY }));
  const edges: EdgePath[] = routes.map((e) => ({ ...e, points: e.points.map((p) => ({ x: p.x + shiftX, y: p.y + shiftY })) }));
  const width = xs.length ? Math.max(...xs) - minX + margin * 2 : margin * 2;
  const height = ys.length ? Math.max(...ys) - minY + margin * 2 : margin * 2;
  return { width, height, nodes, edges };
}
