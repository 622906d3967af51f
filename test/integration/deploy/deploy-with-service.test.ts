import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FinishedRollout } from '../../../activities/deploy';
import type { DagRunResult } from '../../../common/dag';
import { TASK_QUEUES } from '../../../common/task-queues';
import { syntheticMails } from '../../../lib/ml';
import type { RunningPredictionService } from '../../../lib/serving';
import { trafficHistory } from '../../../lib/serving/traffic-store';
import { deployWorkflowId } from '../../../workflows/deploy';
import { startRealStack, type RealStack } from '../../support/real-stack';
import { postJson, servingFixture, trainedArtifact, type ServingFixture } from '../serving/serving-fixture';
import { fastRolloutParams } from './traffic-simulator';

const MODEL = 'served';
const params = (version: number) => fastRolloutParams(MODEL, version);

/**
 * The whole loop on the real prediction service: trained models served over HTTP, an HTTP client
 * posting the corpus's mails and each answer's true label as the moderator's feedback, and
 * deploy_model moving the split the service follows.
 */
describe('deploy_model with the real prediction service', () => {
  let stack: RealStack;
  let fixture: ServingFixture;
  let service: RunningPredictionService;
  let versions: { good: number; inverted: number };
  const answered = { requests: 0, failed: [] as string[] };
  let driving = true;
  let traffic: Promise<void>;

  before(async () => {
    stack = await startRealStack({ queues: ['cpu'], seed: false });
    fixture = servingFixture(stack.pg);
    const champion = await fixture.register(MODEL, 'served-v1', await trainedArtifact(1));
    await fixture.promote(MODEL, champion);
    versions = {
      // Retrained the champion's way. (A seed-2 model of this fixture agreed with only 0.66 of the
      // corpus's labels against the champion's 0.97, and deploy_model rightly rolled it back.)
      good: await fixture.register(MODEL, 'served-v2', await trainedArtifact(1)),
      // Trained on the opposite labels: the deliberately worse challenger.
      inverted: await fixture.register(MODEL, 'served-v3', await trainedArtifact(3, true)),
    };
    service = await fixture.start({ models: [MODEL], pollIntervalMs: 1_000 });
    const mails = syntheticMails({ count: 512, seed: 99 });
    const drive = async (lane: number) => {
      for (let i = lane; driving; i += 4) {
        const batch = Array.from({ length: 8 }, (_, k) => mails[(i * 8 + k) % mails.length]!);
        const res = await postJson(`${service.url}/v1/models/${MODEL}:predict`, { instances: batch.map((m) => ({ text: m.text })) });
        answered.requests++;
        if (res.status !== 200) {
          answered.failed.push(`${res.status} ${JSON.stringify(res.body)}`);
          continue;
        }
        const predictions = res.body.predictions as { predictionId: string }[];
        for (const [k, p] of predictions.entries()) {
          const fed = await postJson(`${service.url}/v1/feedback`, { predictionId: p.predictionId, label: batch[k]!.label, reviewer: 'moderator' });
          if (fed.status !== 200) answered.failed.push(`feedback ${fed.status} ${JSON.stringify(fed.body)}`);
        }
      }
    };
    traffic = Promise.all([0, 1, 2, 3].map(drive)).then(() => undefined);
  });
  after(async () => {
    driving = false;
    await traffic;
    await service?.close();
    fixture?.cleanup();
    await stack?.stop();
  });

  async function rollout(version: number): Promise<FinishedRollout> {
    await fixture.registry.markChallenger(MODEL, version, { actor: 'test', reason: 'gate passed' });
    const result = (await stack.env.client.workflow.execute('deploy_model', {
      taskQueue: TASK_QUEUES.cpu,
      workflowId: deployWorkflowId(MODEL, version),
      args: [{ params: params(version) }],
    })) as DagRunResult;
    return result.tasks.finish_rollout?.output as FinishedRollout;
  }

  test('a trained challenger is promoted through shadow, 5%, 25% and 100%, and no request fails while the alias moves', async (t) => {
    const finished = await rollout(versions.good);
    t.diagnostic(`promoted: ${finished.reasons.join('; ')}; ${answered.requests} HTTP requests of 8 mails so far`);
    assert.deepEqual([finished.decision, finished.outcome], ['passed', 'promoted'], finished.reasons.join('; '));
    assert.equal((await fixture.registry.getChampion(MODEL))?.version, versions.good);
    const splits = (await trafficHistory(stack.pg.pool, MODEL)).filter((s) => s.challenger === versions.good);
    assert.deepEqual(
      splits.map((s) => (s.mode === 'canary' ? `canary ${s.canaryPercent}%` : s.mode)),
      ['shadow', 'canary 5%', 'canary 25%', 'canary 100%', 'off'],
    );
    assert.deepEqual(answered.failed, [], `${answered.failed.length} of ${answered.requests} requests failed`);
  });

  test('a challenger trained on inverted labels is rolled back in shadow, its disagreement with the feedback recorded', async (t) => {
    const before = (await fixture.registry.getChampion(MODEL))?.version;
    const finished = await rollout(versions.inverted);
    assert.deepEqual([finished.decision, finished.outcome], ['rolled_back', 'rolled_back']);
    t.diagnostic(`rolled back: ${finished.reasons.join('; ')}`);
    assert.match(finished.reasons.join('\n'), /shadow: agreement failed: challenger agrees with 0\.\d+ of \d+ feedback labels/);
    assert.equal((await fixture.registry.getVersion(MODEL, versions.inverted)).status, 'rejected');
    assert.equal((await fixture.registry.getChampion(MODEL))?.version, before, 'the champion keeps serving');
    assert.deepEqual(answered.failed, []);
  });
});
