import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DAGS } from '../../../client';
import { TASK_STATES, type DagSpec } from '../../../common/dag';
import { layoutDag, renderDagSvg, type NodeBox } from '../../../lib/graph';
import { dag, noParams } from '../dag/fixtures';

const small = dag({ id: 'small', summary: 's', params: noParams })
  .activity('extract', { activity: 'noop' })
  .branch('pick', { deps: ['extract'], choose: () => 'train' })
  .activity('train', { activity: 'noop', deps: ['pick'], queue: 'gpu' })
  .approval('approve', { deps: ['train'], timeout: '1h', defaultDecision: 'reject' })
  .map('fan_out', { deps: ['pick'], activity: 'echo', over: () => [1, 2], input: (n) => ({ value: n }) })
  .activity('report', { activity: 'noop', deps: ['approve', 'fan_out'], triggerRule: 'none_failed_min_one_success' })
  .build();

function overlaps(a: NodeBox, b: NodeBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every DAG of the catalog and the fixture: layout properties must hold for the real pipelines too. */
const SPECS: readonly Pick<DagSpec, 'id' | 'tasks'>[] = [small, ...Object.values(DAGS)];

describe('DAG pictures laid out by dagre', () => {
  for (const spec of SPECS) {
    test(`places no two task boxes of ${spec.id} on top of each other`, () => {
      const { nodes } = layoutDag(spec);
      assert.equal(nodes.length, spec.tasks.length);
      for (let i = 0; i < nodes.length; i++)
        for (let j = i + 1; j < nodes.length; j++) assert.ok(!overlaps(nodes[i]!, nodes[j]!), `${nodes[i]!.taskId} overlaps ${nodes[j]!.taskId}`);
    });

    test(`draws every dependency of ${spec.id} left to right, from the upstream box to the downstream one`, () => {
      const { nodes, edges, width, height } = layoutDag(spec);
      const box = new Map(nodes.map((n) => [n.taskId, n]));
      const deps = spec.tasks.flatMap((t) => t.deps.map((d) => `${d}->${t.id}`)).sort();
      assert.deepEqual(edges.map((e) => `${e.from}->${e.to}`).sort(), deps);
      for (const edge of edges) {
        const from = box.get(edge.from)!;
        const to = box.get(edge.to)!;
        assert.ok(from.x + from.width <= to.x, `${edge.from} (right edge ${from.x + from.width}) is not left of ${edge.to} (${to.x})`);
        assert.ok(edge.points.length >= 2, `${edge.from}->${edge.to} has a route`);
        assert.ok(edge.points.at(-1)!.x > edge.points[0]!.x, `${edge.from}->${edge.to} runs left to right`);
      }
      for (const n of nodes) assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= width && n.y + n.height <= height, `${n.taskId} lies inside the picture`);
      for (const p of edges.flatMap((e) => e.points)) assert.ok(p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height, 'every edge lies inside the picture');
    });
  }

  test('lays the same DAG out the same way every time', () => {
    assert.deepEqual(layoutDag(small), layoutDag(small));
    assert.equal(renderDagSvg(small, { states: { train: 'running' } }), renderDagSvg(small, { states: { train: 'running' } }));
  });

  test('leaves out a dependency on an unknown task instead of failing', () => {
    const spec = { id: 'broken', tasks: [{ ...small.tasks[0]!, deps: ['missing'] }] };
    assert.deepEqual(layoutDag(spec).edges, []);
    assert.match(renderDagSvg(spec), /data-task-id="extract"/);
  });

  test('marks each task node with its id, state and kind so a page can find it', () => {
    const svg = renderDagSvg(small, { states: { extract: 'success', pick: 'success', train: 'paused_on_failure' } });
    const nodes = [...svg.matchAll(/<g data-task-id="([^"]+)" data-state="([^"]+)" data-kind="([^"]+)">/g)].map((m) => [m[1], m[2], m[3]]);
    assert.deepEqual(nodes, [
      ['extract', 'success', 'activity'],
      ['pick', 'success', 'branch'],
      ['train', 'paused_on_failure', 'activity'],
      ['approve', 'none', 'approval'],
      ['fan_out', 'none', 'map'],
      ['report', 'none', 'activity'],
    ]);
    assert.equal(svg.match(/<path data-from=/g)?.length, 6);
    assert.match(svg, /<path data-from="pick" data-to="train" d="M[^"]+" [^>]*marker-end="url\(#arrow\)"/);
  });

  test('colours tasks by state and draws a legend of every state', () => {
    const svg = renderDagSvg(small, { states: { extract: 'success', train: 'failed' } });
    const extract = svg.slice(svg.indexOf('data-task-id="extract"'), svg.indexOf('data-task-id="pick"'));
    assert.match(extract, /<rect [^>]*fill="#008000"/);
    assert.match(extract, /fill="#ffffff" font-weight="bold">extract</, 'white text on a dark fill');
    assert.deepEqual(
      [...svg.matchAll(/data-legend-state="([a-z_]+)"/g)].map((m) => m[1]),
      [...TASK_STATES],
    );
    assert.doesNotMatch(renderDagSvg(small), /data-legend-state/, 'no legend for a DAG drawn without a run');
  });

  test('draws kinds with distinct outlines: branch pointed, approval octagon, map a stack', () => {
    const svg = renderDagSvg(small);
    const node = (id: string) => svg.slice(svg.indexOf(`data-task-id="${id}"`)).split('</g>')[0]!;
    assert.equal(
      node('pick')
        .match(/<polygon points="([^"]+)"/)?.[1]
        ?.split(' ').length,
      6,
    );
    assert.equal(
      node('approve')
        .match(/<polygon points="([^"]+)"/)?.[1]
        ?.split(' ').length,
      8,
    );
    assert.equal(node('fan_out').match(/<rect /g)?.length, 3);
    assert.equal(node('extract').match(/<rect /g)?.length, 1);
  });

  test('adds per-task labels and links, escaping what it quotes', () => {
    const svg = renderDagSvg(small, {
      labels: { train: 'try 2 · 3m 10s' },
      linkFor: (id) => `/runs/a&b/tasks/${id}`,
    });
    assert.match(svg, />try 2 · 3m 10s</);
    assert.match(svg, /<a href="\/runs\/a&#38;b\/tasks\/train">/);
    const hostile = renderDagSvg({ id: '<x>', tasks: [{ ...small.tasks[0]!, id: 'a"<b>' }] }, { labels: { 'a"<b>': '</text><script>' } });
    assert.doesNotMatch(hostile, /<script>|<x>|a"<b>/);
  });
});
