import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { createDataActivities, type ExtractEventsResult } from '../../../activities/data';
import { LocalArtifactStore, readAll } from '../../../lib/artifacts';
import type { DatasetManifest } from '../../../lib/dataset';
import { createLogger } from '../../../lib/logger';
import { checkSource, DEFAULT_SOURCE, parseSourceConfig, seedCorpus, SourceNotFoundError, weeklyTimeline } from '../../../lib/source';
import { startTestPostgres, type TestPostgres } from '../../support/test-postgres';

const logger = createLogger({ level: 'silent', pretty: false });

async function rejectsWith(promise: Promise<unknown>, type: string, message: RegExp): Promise<ApplicationFailure> {
  let caught: unknown;
  await promise.catch((err: unknown) => (caught = err));
  assert.ok(caught instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(caught)}`);
  assert.equal(caught.type, type);
  assert.equal(caught.nonRetryable, true);
  assert.match(caught.message, message);
  return caught;
}

describe('source data on a real PostgreSQL', () => {
  let pg: TestPostgres;
  let dir: string;
  let store: LocalArtifactStore;
  let data: ReturnType<typeof createDataActivities>;
  // The busiest stretch of the corpus (see the seeding report): four weeks ending Mon 2002-09-02.
  const interval = { start: '2002-08-26T00:00:00Z', end: '2002-09-02T00:00:00Z' };

  before(async () => {
    pg = await startTestPostgres();
    dir = mkdtempSync(join(tmpdir(), 'factory-data-'));
    store = new LocalArtifactStore(dir);
    data = createDataActivities({ pool: pg.pool, store, logger });
  });
  after(async () => {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('seeding the corpus twice inserts every message once', async () => {
    const first = await seedCorpus(pg.pool, logger);
    assert.equal(first.total, 6046);
    assert.equal(first.inserted, 6046);
    const p = first.placement;
    assert.equal(p.header + p.deliveryFallback + p.groupMedianFallback, 6046, 'every message is placed exactly once');
    assert.equal(p.headerMissing + p.headerUnparsable + p.headerImplausible, p.deliveryFallback + p.groupMedianFallback);
    const second = await seedCorpus(pg.pool, logger);
    assert.equal(second.inserted, 0);
    const { rows } = await pg.pool.query<{ n: number; spam: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE label = 'spam')::int AS spam FROM moderation_events",
    );
    assert.deepEqual(rows[0], { n: 6046, spam: 1896 });
    const weeks = await weeklyTimeline(pg.pool);
    assert.ok(weeks.filter((w) => w.rows >= 100).length >= 10, 'at least ten weeks hold 100 or more events');
  });

  let first: ExtractEventsResult;
  test('extracting the same interval twice gives the same sha256 and no second artifact', async () => {
    first = await data.extractEvents({ modelName: 'spam', dataInterval: interval, trainingWeeks: 4, runKey: 'run-1' });
    assert.equal(first.reused, false);
    assert.equal(first.manifest.interval.start, '2002-08-05T00:00:00.000Z');
    assert.equal(first.manifest.rowCount, first.manifest.labelCounts['0'] + first.manifest.labelCounts['1']);
    assert.ok(first.manifest.rowCount > 1000);
    const again = await data.extractEvents({ modelName: 'spam', dataInterval: interval, trainingWeeks: 4, runKey: 'run-2' });
    assert.equal(again.reused, true);
    assert.equal(again.manifest.sha256, first.manifest.sha256);
    assert.equal(again.manifestRef.sha256, first.manifestRef.sha256);
    // A crash after the rows were committed but before the manifest: the retry rewrites identical bytes.
    rmSync(new URL(first.manifestRef.uri));
    rmSync(join(dir, '.meta', new URL(first.manifestRef.uri).pathname.slice(dir.length + 1) + '.json'));
    const rerun = await data.extractEvents({ modelName: 'spam', dataInterval: interval, trainingWeeks: 4, runKey: 'run-3' });
    assert.equal(rerun.reused, false);
    assert.equal(rerun.manifest.sha256, first.manifest.sha256);
    assert.equal(rerun.manifestRef.sha256, first.manifestRef.sha256);
    const lines = (await readAll(await store.openRead(first.manifest.dataUri, first.manifest.sha256))).toString().trim().split('\n');
    assert.equal(lines.length, first.manifest.rowCount);
    const times = lines.map((l) => (JSON.parse(l) as { eventTime: string }).eventTime);
    assert.deepEqual(times, [...times].sort(), 'rows are ordered by event time');
    assert.ok(times[0]! >= first.manifest.interval.start && times.at(-1)! < first.manifest.interval.end);
  });

  test('rows with null text or an unmapped label are quarantined and counted, not dropped', async () => {
    await pg.pool.query(`INSERT INTO moderation_events VALUES
      ('bad-1', NULL, 'spam', '2002-09-03T10:00:00Z', 'test'),
      ('bad-2', 'hello', 'maybe', '2002-09-03T11:00:00Z', 'test'),
      ('bad-3', 'hi', NULL, '2002-09-03T12:00:00Z', 'test')`);
    const week = { start: '2002-09-02T00:00:00Z', end: '2002-09-09T00:00:00Z' };
    const result = await data.extractEvents({ modelName: 'spam', dataInterval: week, trainingWeeks: 1, runKey: 'q' });
    const q = result.manifest.quarantine!;
    assert.equal(q.count, 3);
    assert.deepEqual(q.reasons, { 'null-text': 1, 'unmapped-label': 1, 'null-label': 1 });
    const { rows } = await pg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM moderation_events WHERE event_time >= $1 AND event_time < $2', [
      week.start,
      week.end,
    ]);
    assert.equal(result.manifest.rowCount + q.count, rows[0]!.n, 'every source row is in the dataset or the quarantine');
    const quarantined = (await readAll(await store.openRead(q.uri!, q.sha256)))
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; reason: string });
    assert.deepEqual(
      quarantined.map((r) => [r.id, r.reason]),
      [
        ['bad-1', 'null-text'],
        ['bad-2', 'unmapped-label'],
        ['bad-3', 'null-label'],
      ],
    );
    await pg.pool.query("DELETE FROM moderation_events WHERE id LIKE 'bad-%'");
  });

  test('a differently named table and columns are read through configuration alone', async () => {
    await pg.pool.query(
      `CREATE SCHEMA crm; CREATE TABLE crm."Reports" (report_id bigint PRIMARY KEY, body text, verdict int, created timestamp, channel text)`,
    );
    await pg.pool.query(
      `INSERT INTO crm."Reports" SELECT g, 'message ' || g, g % 2, timestamp '2024-03-04' + g * interval '1 hour', 'chat' FROM generate_series(1, 200) g`,
    );
    const source = {
      kind: 'table',
      table: 'crm.Reports',
      columns: { id: 'report_id', text: 'body', label: 'verdict', eventTime: 'created', source: 'channel' },
      labelMapping: { positive: [1], negative: [0] },
    };
    const crm = createDataActivities({ pool: pg.pool, store, logger, source: parseSourceConfig(source) });
    const result = await crm.extractEvents({
      modelName: 'crm',
      dataInterval: { start: '2024-03-11T00:00:00Z', end: '2024-03-18T00:00:00Z' },
      trainingWeeks: 2,
      runKey: 'crm',
    });
    assert.equal(result.manifest.rowCount, 200);
    assert.deepEqual(result.manifest.labelCounts, { '0': 100, '1': 100 });
    const firstRow = JSON.parse((await readAll(await store.openRead(result.manifest.dataUri))).toString().split('\n')[0]!);
    assert.deepEqual(firstRow, { id: '1', text: 'message 1', label: 1, eventTime: '2024-03-04T01:00:00.000Z', source: 'chat' });
    const query = {
      kind: 'query',
      sql: 'SELECT report_id AS id, body AS text, verdict AS label, created AS event_time, channel AS source FROM crm."Reports" WHERE created >= $1 AND created < $2',
    };
    const viaQuery = await createDataActivities({ pool: pg.pool, store, logger, source: parseSourceConfig(query) }).extractEvents({
      modelName: 'crm-q',
      dataInterval: { start: '2024-03-11T00:00:00Z', end: '2024-03-18T00:00:00Z' },
      trainingWeeks: 2,
      runKey: 'crm',
    });
    assert.equal(viaQuery.manifest.sha256, result.manifest.sha256, 'a table mapping and the equivalent query give the same bytes');
  });

  test('a source in the activity input is refused: source SQL comes only from the worker configuration', async () => {
    const count = async () => (await pg.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM moderation_events')).rows[0]!.n;
    const before = await count();
    await rejectsWith(
      data.extractEvents({
        source: { kind: 'query', sql: 'WITH d AS (DELETE FROM moderation_events RETURNING *) SELECT * FROM d' },
        modelName: 'spam',
        dataInterval: interval,
        trainingWeeks: 1,
        runKey: 'x',
      } as unknown as Parameters<typeof data.extractEvents>[0]),
      'InvalidInput',
      /extractEvents input is invalid: source: must be absent: the source comes only from the worker configuration/,
    );
    assert.equal(await count(), before, 'nothing was deleted');
  });

  test('a missing table or column is named before anything is read', async () => {
    await assert.rejects(checkSource(pg.pool, parseSourceConfig({ ...DEFAULT_SOURCE, table: 'no_such_events' })), (err: unknown) => {
      assert.ok(err instanceof SourceNotFoundError);
      assert.match(err.message, /source table "no_such_events" does not exist/);
      return true;
    });
    const wrongColumns = {
      kind: 'table',
      table: 'moderation_events',
      columns: { id: 'id', text: 'body', label: 'verdict', eventTime: 'event_time' },
      labelMapping: { positive: ['spam'], negative: ['ham'] },
    };
    const configured = (source: unknown) => createDataActivities({ pool: pg.pool, store, logger, source: parseSourceConfig(source) });
    await rejectsWith(
      configured(wrongColumns).extractEvents({ modelName: 'spam', dataInterval: interval, trainingWeeks: 1, runKey: 'x' }),
      'SourceNotFound',
      /lacks column "body" \(columns\.text\), column "verdict" \(columns\.label\); it has: id, content, label, event_time, source/,
    );
    await rejectsWith(
      configured({ kind: 'query', sql: 'SELECT id FROM moderation_events WHERE event_time >= $1 AND event_time < $2' }).extractEvents({
        modelName: 'spam',
        dataInterval: interval,
        trainingWeeks: 1,
        runKey: 'x',
      }),
      'SourceNotFound',
      /returns no column "text", "label", "event_time", "source"/,
    );
  });

  test('too few rows is a non-retryable DatasetInvalid failure with a report', async () => {
    const tiny = await data.extractEvents({
      modelName: 'spam',
      dataInterval: { start: '2002-11-11T00:00:00Z', end: '2002-11-18T00:00:00Z' },
      trainingWeeks: 1,
      runKey: 'tiny',
    });
    const failure = await rejectsWith(data.validateDataset({ manifest: tiny.manifest }), 'DatasetInvalid', /fewer than minRows 100/);
    const summary = failure.details?.[0] as { reportUri: string };
    const report = JSON.parse((await readAll(await store.openRead(summary.reportUri))).toString());
    assert.equal(report.passed, false);
  });

  test('a single label is a non-retryable DatasetInvalid failure', async () => {
    // Week of 2002-09-30 holds ham only (see the corpus timeline).
    const hamOnly = await data.extractEvents({
      modelName: 'spam',
      dataInterval: { start: '2002-09-30T00:00:00Z', end: '2002-10-07T00:00:00Z' },
      trainingWeeks: 1,
      runKey: 'ham',
    });
    assert.equal(hamOnly.manifest.labelCounts['1'], 0);
    await rejectsWith(data.validateDataset({ manifest: hamOnly.manifest }), 'DatasetInvalid', /single label \(all 0 \/ ham in \d+ rows\)/);
  });

  test('drift against the previous snapshot warns or fails at the configured levels', async () => {
    const previous = first.manifest;
    const later = await data.extractEvents({
      modelName: 'spam',
      dataInterval: { start: '2002-09-30T00:00:00Z', end: '2002-10-07T00:00:00Z' },
      trainingWeeks: 4,
      runKey: 'later',
    });
    const same = await data.validateDataset({ manifest: previous, previousManifest: previous });
    assert.equal(same.stats.drift?.psiLabel, 0);
    assert.ok(!same.warnings.some((w) => /PSI/.test(w)), 'a snapshot does not drift from itself');
    const relaxed = await data.validateDataset({ manifest: later.manifest, previousManifest: previous });
    const psiLabel = relaxed.stats.drift!.psiLabel;
    assert.ok(psiLabel > 0);
    const warnOnly = await data.validateDataset({
      manifest: later.manifest,
      previousManifest: previous,
      thresholds: { psiLabel: { warn: psiLabel / 2, fail: psiLabel * 2 } },
    });
    assert.equal(
      warnOnly.failures.some((f) => /label-ratio PSI/.test(f)),
      false,
    );
    assert.ok(warnOnly.warnings.some((w) => /label-ratio PSI vs previous snapshot is [\d.]+, above the warn level/.test(w)));
    const failing = await data.validateDataset({
      manifest: later.manifest,
      previousManifest: previous,
      thresholds: { psiLabel: { warn: psiLabel / 4, fail: psiLabel / 2 } },
    });
    assert.equal(failing.passed, false);
    assert.ok(failing.failures.some((f) => /label-ratio PSI vs previous snapshot is [\d.]+, above the fail level/.test(f)));
  });

  test('malformed dataset rows are quarantined and quoted in the report', async () => {
    const good = (await readAll(await store.openRead(first.manifest.dataUri))).toString();
    const body = `${good}{"id":"x","text":"no label","eventTime":"2002-09-01T00:00:00.000Z","source":"t"}\nnot json\n`;
    const ref = await store.put('test/malformed.jsonl', body);
    const manifest: DatasetManifest = { ...first.manifest, dataUri: ref.uri, sha256: ref.sha256, sizeBytes: ref.sizeBytes };
    const result = await data.validateDataset({ manifest, thresholds: { malformedShare: { warn: 0, fail: 0.5 } } });
    assert.equal(result.stats.malformed, 2);
    assert.deepEqual(
      result.stats.malformedExamples.map((e) => e.problem),
      ['label: Invalid input', 'not JSON'],
    );
    assert.ok(result.stats.malformedUri);
    assert.ok(result.warnings.some((w) => /malformed row share/.test(w)));
  });
});
