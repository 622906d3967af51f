import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Info } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { createEvaluationActivities, type EvaluateModelInput, type EvaluateModelOutput } from '../../../activities/evaluation';
import { createTrainingActivities, type TrainModelOutput } from '../../../activities/training';
import { LocalArtifactStore } from '../../../lib/artifacts';
import type { DatasetManifest, Interval } from '../../../lib/dataset';
import { evaluationArtifactKey, holdoutWindow } from '../../../lib/training';
import { SMALL_CONFIG, writeSyntheticDataset } from '../../integration/training/synthetic-dataset';

const sdkLogger = new DefaultLogger('ERROR');
const mockEnv = (info: Partial<Info> = {}) => new MockActivityEnvironment(info, { logger: sdkLogger });

describe('evaluateModel (activity context mocked)', () => {
  let dir: string;
  let store: LocalArtifactStore;
  let manifest: DatasetManifest;
  let holdout: Interval;
  let trained: TrainModelOutput;
  let evaluateModel: ReturnType<typeof createEvaluationActivities>['evaluateModel'];
  const input = (runKey: string, over: Partial<EvaluateModelInput> = {}): EvaluateModelInput => ({
    modelName: 'spam',
    dataset: manifest,
    holdout,
    candidate: { model: trained.model, baseline: trained.baseline },
    runKey,
    ...over,
  });
  const run = (env: MockActivityEnvironment, args: EvaluateModelInput) => env.run(evaluateModel, args) as Promise<EvaluateModelOutput>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'factory-evaluate-unit-'));
    store = new LocalArtifactStore(dir);
    const logger = pino({ level: 'silent' });
    manifest = await writeSyntheticDataset(store, 'datasets/unit/events.jsonl', { count: 400, seed: 23 });
    holdout = holdoutWindow(manifest.interval, 1);
    const { trainModel } = createTrainingActivities({ store, logger }, { backend: 'cpu' });
    trained = (await mockEnv().run(trainModel, { modelName: 'spam', dataset: manifest, holdout, config: SMALL_CONFIG, runKey: 'train' })) as TrainModelOutput;
    evaluateModel = createEvaluationActivities({ store, logger }, { backend: 'cpu' }).evaluateModel;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a retry rewrites identical outputs under the same keys', async () => {
    const first = await run(mockEnv(), input('repeat'));
    const second = await run(mockEnv({ attempt: 2 }), input('repeat'));
    assert.deepEqual(second, first);
    assert.equal(first.reportUri, store.uriFor(evaluationArtifactKey('repeat', 'report.json')));
    assert.equal(first.champion, undefined);
    assert.equal(first.plots.confusionChampion, undefined);
  });

  test('writes under the attempt when an earlier attempt left different bytes at its keys', async () => {
    await store.put(evaluationArtifactKey('conflict', 'roc-curve.svg'), '<svg>scored on another backend</svg>');
    const out = await run(mockEnv({ attempt: 3 }), input('conflict'));
    assert.equal(out.reportUri, store.uriFor(evaluationArtifactKey('conflict/attempt-3', 'report.json')));
    assert.equal(out.plots.rocCurve?.uri, store.uriFor(evaluationArtifactKey('conflict/attempt-3', 'roc-curve.svg')));
  });

  test('fails non-retryably naming the field and the value when the threshold is out of range', async () => {
    await assert.rejects(
      run(mockEnv(), input('bad-threshold', { threshold: 1.5 })),
      (e: unknown) => e instanceof ApplicationFailure && e.nonRetryable && e.type === 'InvalidInput' && /threshold: .* \(got 1\.5\)/.test(e.message),
    );
  });

  test('fails non-retryably when a model artifact does not match its sha256', async () => {
    const tampered = { ...trained.model, sha256: 'f'.repeat(64) };
    await assert.rejects(
      run(mockEnv(), input('tampered', { candidate: { model: tampered, baseline: trained.baseline } })),
      (e: unknown) => e instanceof ApplicationFailure && e.nonRetryable && e.type === 'UnreadableArtifact' && /is corrupt/.test(e.message),
    );
  });
});
