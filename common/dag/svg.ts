import { escapeXml } from './escape-xml';
import { layerTasks } from './layout';
import { STATE_COLOURS } from './mermaid';
import type { DagSpec, TaskState } from './types';

const BOX_W = 170;
const BOX_H = 44;
const GAP_X = 60;
const GAP_Y = 18;
const PAD = 20;

/**
 * A standalone SVG of a DAG: layers left to right, boxes coloured by state, edges as curves.
 * String building only, so it runs anywhere (CLI, tests, even workflow code).
 */
export function dagToSvg(spec: Pick<DagSpec, 'tasks' | 'id'>, states?: Readonly<Record<string, TaskState>>): string {
  const layers = layerTasks(spec);
  const pos = new Map<string, { x: number; y: number }>();
  const tallest = Math.max(1, ...layers.map((l) => l.length));
  const height = PAD * 2 + tallest * (BOX_H + GAP_Y) - GAP_Y + 24;
  layers.forEach((layer, li) => {
    const offset = ((tallest - layer.length) * (BOX_H + GAP_Y)) / 2;
    layer.forEach((taskId, ti) => pos.set(taskId, { x: PAD + li * (BOX_W + GAP_X), y: PAD + 24 + offset + ti * (BOX_H + GAP_Y) }));
  });
  const width = PAD * 2 + layers.length * (BOX_W + GAP_X) - GAP_X;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<text x="${PAD}" y="${PAD + 4}" font-size="14" font-weight="bold">${escapeXml(spec.id)}</text>`,
  ];
  for (const task of spec.tasks) {
    const to = pos.get(task.id)!;
    for (const dep of task.deps) {
      const from = pos.get(dep);
      if (!from) continue;
      const x1 = from.x + BOX_W;
      const y1 = from.y + BOX_H / 2;
      const x2 = to.x;
      const y2 = to.y + BOX_H / 2;
      const mx = (x1 + x2) / 2;
      out.push(`<path d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" fill="none" stroke="#888"/>`);
    }
  }
  for (const task of spec.tasks) {
    const { x, y } = pos.get(task.id)!;
    const state = states?.[task.id];
    const fill = state ? STATE_COLOURS[state] : '#f4f4f4';
    const dark = state === 'success' || state === 'failed';
    const colour = dark ? '#fff' : '#000';
    out.push(`<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${fill}" stroke="#333"/>`);
    out.push(`<text x="${x + 8}" y="${y + 18}" fill="${colour}">${escapeXml(clip(task.id))}</text>`);
    const sub = [task.kind === 'activity' ? undefined : task.kind, state].filter(Boolean).join(' · ');
    if (sub) out.push(`<text x="${x + 8}" y="${y + 34}" fill="${colour}" font-size="10">${escapeXml(sub)}</text>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function clip(s: string): string {
  return s.length > 24 ? `${s.slice(0, 23)}…` : s;
}
