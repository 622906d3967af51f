import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SOURCE, extractionSql, parseSourceConfig, quoteIdent, SourceConfigError, sourceFingerprint } from '../../../lib/source';

function messageOf(input: unknown): string {
  try {
    parseSourceConfig(input);
  } catch (err) {
    assert.ok(err instanceof SourceConfigError);
    return err.message;
  }
  assert.fail('expected a SourceConfigError');
}

describe('source configuration', () => {
  test('defaults to the seeded moderation_events table', () => {
    assert.deepEqual(parseSourceConfig(undefined), DEFAULT_SOURCE);
  });

  test('names every missing column mapping', () => {
    const message = messageOf({ kind: 'table', table: 'events', columns: { id: 'id' }, labelMapping: { positive: ['spam'], negative: ['ham'] } });
    assert.match(
      message,
      /columns\.text: expected string, got nothing; columns\.label: expected string, got nothing; columns\.eventTime: expected string, got nothing/,
    );
  });

  test('names a missing label mapping and an unknown kind', () => {
    assert.match(
      messageOf({ kind: 'table', table: 't', columns: { id: 'a', text: 'b', label: 'c', eventTime: 'd' } }),
      /labelMapping: expected object, got nothing/,
    );
    assert.match(messageOf({ kind: 'view' }), /kind: /);
  });

  test('rejects a query that does not take the interval bounds as $1 and $2', () => {
    assert.match(
      messageOf({ kind: 'query', sql: "SELECT * FROM events WHERE event_time >= '2024-01-01'" }),
      /sql: must use \$1 \(interval start, inclusive\) and \$2/,
    );
    assert.match(messageOf({ kind: 'query', sql: 'SELECT * FROM e WHERE t >= $1 AND t < $2 AND x = $3' }), /only the parameters \$1 and \$2/);
  });

  test('rejects a value mapped to both labels', () => {
    assert.match(messageOf({ ...DEFAULT_SOURCE, labelMapping: { positive: ['spam'], negative: ['spam'] } }), /both positive and negative/);
  });

  test('quotes configured identifiers instead of splicing them', () => {
    assert.equal(quoteIdent('crm.Reports'), '"crm"."Reports"');
    assert.match(messageOf({ ...DEFAULT_SOURCE, table: 'x"; DROP TABLE y; --' }), /table: an identifier without double quotes/);
    const sql = extractionSql(
      parseSourceConfig({
        kind: 'table',
        table: 'Events',
        columns: { id: 'ID', text: 'Body', label: 'Verdict', eventTime: 'At' },
        labelMapping: { positive: [1], negative: [0] },
      }),
    );
    assert.match(sql, /FROM "Events" AS t\nWHERE t\."At" >= \$1 AND t\."At" < \$2/);
  });

  test('gives different sources different fingerprints', () => {
    const other = parseSourceConfig({ ...DEFAULT_SOURCE, labelMapping: { positive: ['spam', 'phish'], negative: ['ham'] } });
    assert.notEqual(sourceFingerprint(DEFAULT_SOURCE), sourceFingerprint(other));
  });
});
