import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { historyFromJson } from './history-json';

// Histories of real runs of the production DAGs (record-production-histories.ts), replayed
// against the workflows the workers register. A change that alters the commands of a run in
// flight fails here, naming the DAG and the first diverging command; docs/versioning.md says
// how to make such a change safely (a new DAG version) instead.
const DIR = join(__dirname, '..', 'histories', 'production');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

let bundle: WorkflowBundle;
before(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed by another test in this process.
  }
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('ERROR') });
});

interface JsonEvent {
  readonly eventId?: string;
  readonly eventType?: string;
  readonly [attributes: string]: unknown;
}

/** The history event the SDK's nondeterminism message points at, named by task (activity id or child id). */
function divergingEvent(message: string, json: { events?: readonly JsonEvent[] }): string {
  const id = /HistoryEvent\(id: (\d+)|event_id: (\d+)/.exec(message);
  const eventId = id?.[1] ?? id?.[2];
  const event = json.events?.find((e) => e.eventId === eventId);
  if (!event) return 'an event the message does not name';
  const attributes = Object.entries(event).find(([key]) => key.endsWith('Attributes'))?.[1] as
    { activityId?: string; activityType?: { name?: string }; workflowId?: string; markerName?: string } | undefined;
  const what = attributes?.activityId
    ? `task ${attributes.activityId} (activity ${attributes.activityType?.name ?? '?'})`
    : (attributes?.workflowId ?? attributes?.markerName ?? '');
  return `event ${eventId} ${event.eventType?.replace('EVENT_TYPE_', '') ?? '?'} ${what}`.trim();
}

/** A JSON payload's value, from the base64 the CLI writes; null for a removed attribute. */
function decoded(data: string | undefined): unknown {
  return data === undefined ? null : JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
}

/** The DAG a history belongs to: the file name up to the first "-". */
function dagOf(file: string): string {
  return file.slice(0, file.indexOf('-'));
}

describe('replay of committed production DAG histories', () => {
  test('there are histories of every outcome of weekly_retraining, of drift_monitor, and of a whole continue-as-new chain', () => {
    for (const name of [
      'auto-promoted',
      'gate-failed',
      'manual-approved',
      'failed',
      'rerun-after-failure',
      'forwarded-duplicate',
      'continued-as-new-0',
      'continued-as-new-1',
    ]) {
      assert.ok(
        files.includes(`weekly_retraining-${name}.json`),
        `missing test/histories/production/weekly_retraining-${name}.json; run npx tsx test/replay/record-production-histories.ts`,
      );
    }
    assert.ok(
      files.some((f) => f.startsWith('drift_monitor-')),
      'missing a drift_monitor history',
    );
  });

  test('histories made with the Outcome attribute and the per-task pause are there, and record both', () => {
    for (const [name, outcomes] of [
      ['outcome-manual-approved', ['waiting_for_approval', 'promoted']],
      ['outcome-paused-then-retried', ['paused', 'promoted']],
    ] as const) {
      const file = `weekly_retraining-${name}.json`;
      assert.ok(files.includes(file), `missing test/histories/production/${file}; run npx tsx test/replay/record-outcome-histories.ts`);
      const events = (JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { events: readonly JsonEvent[] }).events;
      // The SDK's patch marker: `core_patch` with `{ id, deprecated }` in its patch-data.
      const patches = events.flatMap((e) => {
        const details = (e.markerRecordedEventAttributes as { details?: Record<string, { payloads?: { data?: string }[] }> } | undefined)?.details;
        return (details?.['patch-data']?.payloads ?? []).map((p) => (decoded(p.data) as { id?: unknown } | null)?.id);
      });
      assert.ok(patches.includes('dag-run-outcome'), `${file} has no dag-run-outcome marker (got ${JSON.stringify(patches)})`);
      if (name === 'outcome-paused-then-retried') assert.ok(patches.includes('dag-task-on-failure'), `${file} has no dag-task-on-failure marker`);
      const upserted = events.flatMap((e) => {
        const fields = (
          e.upsertWorkflowSearchAttributesEventAttributes as { searchAttributes?: { indexedFields?: Record<string, { data?: string }> } } | undefined
        )?.searchAttributes?.indexedFields;
        return fields?.Outcome ? [decoded(fields.Outcome.data)] : [];
      });
      for (const outcome of outcomes) assert.ok(upserted.includes(outcome), `${file} never set Outcome to ${outcome} (got ${JSON.stringify(upserted)})`);
    }
  });

  test('a progressive run is there: mark_challenger asked for deploy_model and the run scheduled no promotion of its own', () => {
    const file = 'weekly_retraining-progressive-handed-over.json';
    assert.ok(
      files.includes(file),
      `missing test/histories/production/${file}; run RECORD_HISTORIES=1 npx tsx --test test/integration/retraining/weekly-retraining-progressive.test.ts`,
    );
    const events = (JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { events: readonly JsonEvent[] }).events;
    const scheduled = events.flatMap((e) => {
      const attributes = e.activityTaskScheduledEventAttributes as
        { activityId?: string; activityType?: { name?: string }; input?: { payloads?: { data?: string }[] } } | undefined;
      return attributes ? [attributes] : [];
    });
    const mark = scheduled.find((a) => a.activityId === 'mark_challenger');
    assert.ok(mark, `${file} never scheduled mark_challenger`);
    assert.ok((decoded(mark.input?.payloads?.[0]?.data) as { deploy?: unknown }).deploy, `${file}: mark_challenger was not asked to start deploy_model`);
    assert.deepEqual(
      scheduled.filter((a) => a.activityType?.name === 'promoteModel').map((a) => a.activityId),
      [],
      `${file} scheduled a promotion`,
    );
  });

  for (const file of files) {
    test(`${dagOf(file)}: ${file} replays against the current code`, async () => {
      const json = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { workflowId?: unknown; events?: readonly JsonEvent[] };
      assert.equal(typeof json.workflowId, 'string', `${file} has no workflowId; record it again with record-production-histories.ts`);
      const history = historyFromJson(json);
      try {
        await Worker.runReplayHistory({ workflowBundle: bundle }, history, json.workflowId as string);
      } catch (err) {
        throw new Error(
          `DAG ${dagOf(file)} no longer replays ${file}: first diverging command at ${divergingEvent((err as Error).message, json)}\n${(err as Error).message}\n` +
            "A change to a production DAG altered the commands of runs in flight. Bump the DAG's version and keep serving the old one (docs/versioning.md).",
          { cause: err },
        );
      }
    });
  }
});
