import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { InvalidServingInputError, parsePredictRequest, routesToCanary, ServingMetrics, versionThreshold } from '../../../lib/serving';

describe('routesToCanary', () => {
  test('sends about the configured share of random prediction ids, the same way every time', () => {
    const ids = Array.from({ length: 20_000 }, () => randomUUID());
    for (const percent of [0, 5, 25, 100]) {
      const share = ids.filter((id) => routesToCanary(id, percent)).length / ids.length;
      assert.ok(Math.abs(share - percent / 100) < 0.015, `${percent}%: share ${share}`);
    }
    assert.ok(ids.every((id) => routesToCanary(id, 40) === routesToCanary(id, 40)));
  });
});

describe('versionThreshold', () => {
  test('reads metrics.threshold, else the holdout confusion threshold, else 0.5', () => {
    assert.equal(versionThreshold({ metrics: { threshold: 0.7, candidate: { confusion: { threshold: 0.3 } } } }), 0.7);
    assert.equal(versionThreshold({ metrics: { candidate: { confusion: { threshold: 0.3 } } } }), 0.3);
    assert.equal(versionThreshold({ metrics: { threshold: 7 } }), 0.5, 'a threshold outside [0, 1] is ignored');
    assert.equal(versionThreshold({ metrics: {} }), 0.5);
  });
});

describe('parsePredictRequest', () => {
  const limits = { maxInstances: 2, maxTextChars: 5 };
  const message = (input: unknown) => {
    try {
      parsePredictRequest(input, limits);
    } catch (err) {
      assert.ok(err instanceof InvalidServingInputError);
      return err.message;
    }
    return 'accepted';
  };

  test('quotes counts, not texts, when a limit is passed', () => {
    assert.equal(
      message({ instances: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] }),
      'invalid predict request: instances: expected at most 2 instances, the SERVE_MAX_INSTANCES limit (got 3)',
    );
    assert.equal(
      message({ instances: [{ text: 'toolong' }, { text: 'ok' }] }),
      'invalid predict request: instances.0.text: expected at most 5 characters, the SERVE_MAX_TEXT_CHARS limit (got 7)',
    );
  });

  test('names the field and the value of a malformed body', () => {
    assert.equal(message({}), 'invalid predict request: instances: expected array, got nothing');
    assert.equal(
      message({ instances: [{ txt: 'a' }] }),
      'invalid predict request: instances.0.text: expected string, got nothing; instances.0.txt: unknown field',
    );
    assert.equal(message({ instances: [{ text: 'fine' }] }), 'accepted');
  });
});

describe('ServingMetrics', () => {
  test('renders counters and gauges in the Prometheus text format with escaped labels', () => {
    const m = new ServingMetrics();
    m.inc('a_total', { model: 'spam', version: 2 });
    m.inc('a_total', { version: 2, model: 'spam' }, 2);
    m.set('g', { model: 'x"y' }, 5);
    assert.equal(m.get('a_total', { model: 'spam', version: 2 }), 3);
    assert.equal(m.sum('a_total', { model: 'spam' }), 3);
    assert.equal(m.render(), '# TYPE a_total counter\na_total{model="spam",version="2"} 3\n# TYPE g gauge\ng{model="x\\"y"} 5\n');
  });
});
