import type { TaskState, DagSpec, TaskSpec } from './types';

/** Fill colours per state, shared by the Mermaid and SVG renderers (Airflow's palette). */
export const STATE_COLOURS: Readonly<Record<TaskState, string>> = {
  none: '#ffffff',
  scheduled: '#d2b48c',
  running: '#7fff00',
  up_for_retry: '#ffd700',
  paused_on_failure: '#ff8c00',
  success: '#008000',
  failed: '#ff0000',
  skipped: '#ff69b4',
  upstream_failed: '#ffa500',
};

const SHAPES: Readonly<Record<TaskSpec['kind'], [string, string]>> = {
  activity: ['[', ']'],
  child_workflow: ['[[', ']]'],
  branch: ['{', '}'],
  short_circuit: ['{', '}'],
  join: ['((', '))'],
  sensor: ['([', '])'],
  approval: ['{{', '}}'],
  map: ['[/', '/]'],
};

/**
 * Mermaid flowchart of a DAG; with `states`, each task is coloured by its state and labelled
 * with it. Paste into any Markdown viewer that renders Mermaid (GitHub does).
 */
export function dagToMermaid(spec: Pick<DagSpec, 'tasks'>, states?: Readonly<Record<string, TaskState>>): string {
  const lines = ['flowchart LR'];
  const id = (taskId: string): string => `t_${taskId.replace(/[^A-Za-z0-9_]/g, '_')}`;
  for (const task of spec.tasks) {
    const [open, close] = SHAPES[task.kind];
    const state = states?.[task.id];
    const label = state ? `${task.id}<br/><i>${state}</i>` : task.id;
    const rule = task.triggerRule !== 'all_success' ? `<br/><small>${task.triggerRule}</small>` : '';
    lines.push(`  ${id(task.id)}${open}"${label}${rule}"${close}`);
  }
  for (const task of spec.tasks) {
    for (const dep of task.deps) lines.push(`  ${id(dep)} --> ${id(task.id)}`);
  }
  if (states) {
    const used = new Set(Object.values(states));
    for (const state of used) {
      const dark = state === 'success' || state === 'failed';
      lines.push(`  classDef ${state} fill:${STATE_COLOURS[state]},color:${dark ? '#fff' : '#000'},stroke:#333`);
    }
    for (const task of spec.tasks) {
      const state = states[task.id];
      if (state) lines.push(`  class ${id(task.id)} ${state}`);
    }
  }
  return lines.join('\n') + '\n';
}
