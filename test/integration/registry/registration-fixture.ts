import { createHash } from 'node:crypto';
import type { RegisterVersionInput } from '../../../lib/registry';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const ref = (name: string) => ({ uri: `file:///artifacts/${name}`, sha256: sha(name), sizeBytes: name.length });

/** A complete, valid registration whose artifact hashes derive from `key`. */
export function registration(model: string, key: string, overrides: Partial<RegisterVersionInput> = {}): RegisterVersionInput {
  const [workflowId = key, taskId = 'register_model'] = key.split('/');
  return {
    model,
    registrationKey: key,
    artifacts: {
      model: ref(`${key}/model.json`),
      baseline: ref(`${key}/baseline.json`),
      checkpoint: ref(`${key}/checkpoint-3.json`),
      reports: { roc: ref(`${key}/roc.svg`), evaluation: ref(`${key}/evaluation.json`) },
    },
    metrics: { model: { f1: 0.96, rocAuc: 0.99 }, baseline: { f1: 0.91, rocAuc: 0.95 } },
    params: { epochs: 3, seed: 42, trainingWeeks: 8 },
    datasetManifest: {
      kind: 'dataset',
      dataUri: `file:///artifacts/${key}/dataset.jsonl`,
      sha256: sha(`${key}/dataset`),
      sizeBytes: 1024,
      interval: { start: '2002-01-01T00:00:00.000Z', end: '2002-03-01T00:00:00.000Z' },
      dataInterval: { start: '2002-02-22T00:00:00.000Z', end: '2002-03-01T00:00:00.000Z' },
      query: 'SELECT * FROM events WHERE event_time >= $1 AND event_time < $2',
      rowCount: 100,
      labelCounts: { '0': 60, '1': 40 },
    },
    codeVersion: 'abc1234',
    lineage: { workflowId, runId: `run-of-${workflowId}`, dagId: 'weekly_retraining', taskId, logicalDate: '2002-03-01T03:00:00.000Z' },
    gate: { passed: true, reasons: ['passed all 5 checks against the champion'] },
    ...overrides,
  };
}
