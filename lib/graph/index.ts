// Node-only pictures: DAG graphs laid out by dagre, and SVG-to-PNG for reports, the CLI and the
// console. Both packages are optional peers, loaded on first use (optional-peer.ts).
export { renderDagSvg, type RenderDagSvgOptions } from './dag-svg';
export { layoutDag, type DagLayout, type DagShape, type EdgePath, type LayoutDirection, type LayoutOptions, type NodeBox } from './layout-dag';
export { runPictureOptions, type PictureTask } from './run-picture';
export { svgToPng, type PngOptions } from './svg-to-png';
export { GRAPH_PACKAGES } from './optional-peer';
