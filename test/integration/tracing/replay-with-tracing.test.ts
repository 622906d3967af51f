import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { workerTracingOptions } from '../../../lib/tracing';
import { FIXTURE_WORKFLOWS } from '../dag/harness';
import { historyFromJson } from '../../replay/history-json';

// Workers with tracing on run the workflows with the tracing interceptors bundled
// (dist/workflow-bundle-traced.js): the committed histories, recorded without them, must replay
// with them, so turning tracing on changes no command of a run in flight.
const HISTORIES = join(__dirname, '..', '..', 'histories');
const INTERCEPTORS = require.resolve('../../../workflows/tracing-interceptors');
const histories = [
  ...readdirSync(HISTORIES)
    .filter((f) => f.startsWith('dag-') && f.endsWith('.json'))
    .map((f) => ({ file: join(HISTORIES, f), workflows: 'fixtures' as const })),
  ...readdirSync(join(HISTORIES, 'production'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: join(HISTORIES, 'production', f), workflows: 'production' as const })),
].sort((a, b) => a.file.localeCompare(b.file));

const bundles: Partial<Record<'fixtures' | 'production', WorkflowBundle>> = {};
before(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed by another test in this process.
  }
  const logger = new DefaultLogger('ERROR');
  bundles.fixtures = await bundleWorkflowCode({ workflowsPath: FIXTURE_WORKFLOWS, workflowInterceptorModules: [INTERCEPTORS], logger });
  bundles.production = await bundleWorkflowCode({ workflowsPath: require.resolve('../../../workflows'), workflowInterceptorModules: [INTERCEPTORS], logger });
});

describe('committed histories replay with the tracing interceptors bundled', () => {
  test('the bundles carry the interceptors, so the replays below run them', () => {
    for (const bundle of Object.values(bundles))
      assert.ok('code' in bundle! && bundle.code.includes('OpenTelemetryInboundInterceptor'), 'bundle has workflows/tracing-interceptors');
  });

  for (const { file, workflows } of histories) {
    test(`${file.slice(HISTORIES.length + 1)} replays with the OpenTelemetry workflow interceptors`, async () => {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { workflowId?: string };
      await Worker.runReplayHistory(
        { workflowBundle: bundles[workflows]!, ...workerTracingOptions(undefined) },
        historyFromJson(json),
        json.workflowId ?? file,
      );
    });
  }
});
