import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DAGS } from '../../../client';
import { layoutDag, renderDagSvg } from '../../../lib/graph';

const size = (svg: string) => {
  const m = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
  assert.ok(m, 'the picture has a size');
  return { width: Number(m[1]), height: Number(m[2]) };
};

describe('DAG pictures top to bottom', () => {
  for (const spec of Object.values(DAGS)) {
    test(`draws every dependency of ${spec.id} top to bottom, from the upstream box to the downstream one`, () => {
      const { nodes, edges } = layoutDag(spec, { direction: 'TB' });
      const box = new Map(nodes.map((n) => [n.taskId, n]));
      assert.equal(
        edges.length,
        spec.tasks.reduce((n, t) => n + t.deps.length, 0),
      );
      for (const edge of edges) {
        const from = box.get(edge.from)!;
        const to = box.get(edge.to)!;
        assert.ok(from.y + from.height <= to.y, `${edge.from} (bottom ${from.y + from.height}) is not above ${edge.to} (${to.y})`);
        assert.ok(edge.points.at(-1)!.y > edge.points[0]!.y, `${edge.from}->${edge.to} runs downwards`);
      }
    });
  }

  test('keeps weekly_retraining within a page width top to bottom, where left to right is three times wider', () => {
    const spec = DAGS.weekly_retraining!;
    const lr = size(renderDagSvg(spec, { states: {} }));
    const tb = size(renderDagSvg(spec, { states: {}, direction: 'TB' }));
    assert.ok(tb.width <= 1200, `top to bottom is ${tb.width} px wide`);
    assert.ok(lr.width > 2 * tb.width, `left to right (${lr.width} px) is the default and much wider than ${tb.width} px`);
    assert.deepEqual(size(renderDagSvg(spec, { states: {}, direction: 'LR' })), lr, 'LR is the default');
  });
});
