import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOutputSize, dagToMermaid, DagOutputTooLargeError, formatProgress } from '../../../common/dag';
import { dag, noParams } from './fixtures';

const small = dag({ id: 'small', summary: 's', params: noParams })
  .activity('extract', { activity: 'noop' })
  .branch('pick', { deps: ['extract'], choose: () => 'train' })
  .activity('train', { activity: 'noop', deps: ['pick'], queue: 'gpu' })
  .activity('report', { activity: 'noop', deps: ['pick', 'train'], triggerRule: 'none_failed_min_one_success' })
  .build();

describe('pictures and progress', () => {
  test('renders a DAG as Mermaid with shapes per kind and non-default trigger rules', () => {
    assert.equal(
      dagToMermaid(small),
      [
        'flowchart LR',
        '  t_extract["extract"]',
        '  t_pick{"pick"}',
        '  t_train["train"]',
        '  t_report["report<br/><small>none_failed_min_one_success</small>"]',
        '  t_extract --> t_pick',
        '  t_pick --> t_train',
        '  t_pick --> t_report',
        '  t_train --> t_report',
        '',
      ].join('\n'),
    );
  });

  // The SVG pictures are lib/graph's (dagre layout): test/unit/graph.
  test('draws a join as a circle in Mermaid', () => {
    const joined = dag({ id: 'joined', summary: 's', params: noParams })
      .activity('extract', { activity: 'noop' })
      .join('meet', { deps: ['extract'] })
      .build();
    assert.match(dagToMermaid(joined), /^ {2}t_meet\(\("meet"\)\)$/m);
  });

  test('colours a run in Mermaid by task state', () => {
    const text = dagToMermaid(small, { extract: 'success', pick: 'success', train: 'failed', report: 'upstream_failed' });
    assert.match(text, /classDef failed fill:#ff0000/);
    assert.match(text, /class t_train failed/);
    assert.match(text, /t_train\["train<br\/><i>failed<\/i>"\]/);
  });

  test('formats a one-line progress summary with capped names', () => {
    assert.equal(formatProgress(6, 9, ['train_model']), '6/9 done · running: train_model');
    assert.equal(formatProgress(0, 9, ['a', 'b', 'c', 'd', 'e'], ['x']), '0/9 done · running: a, b, c +2 · paused on failure: x');
    assert.equal(formatProgress(0, 9, { ids: new Set(['a', 'b', 'c', 'd']), count: 4 }), '0/9 done · running: a, b, c +1');
  });

  test('the output size error tells the author to store an artifact and pass its URI', () => {
    assert.throws(
      () => checkOutputSize('extract', 'x'.repeat(300 * 1024), 256 * 1024),
      (err: unknown) => {
        assert.ok(err instanceof DagOutputTooLargeError);
        assert.equal(
          err.message,
          'task "extract" returned 300 KiB, over the 256 KiB limit for outputs passed downstream by value; store the data as an artifact and return its URI instead',
        );
        return true;
      },
    );
  });
});
