// Workflows of the DAG overhead benchmark: each shape twice, once as a DAG run by the engine and
// once hand-written against the same no-op activity (the limit the engine is measured against).
import { proxyActivities } from '@temporalio/workflow';
import { z } from 'zod';
import { defineDag, type DagDefinition } from '../common/dag';
import type { DagTestingActivities } from '../activities/dag-testing';
import { dagWorkflow } from '../workflows/dag';

const { noop } = proxyActivities<DagTestingActivities>({ startToCloseTimeout: '1m', retry: { maximumAttempts: 1 } });

export async function raw_sequential(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await noop();
}

export async function raw_layers(layers: number, width: number): Promise<void> {
  for (let l = 0; l < layers; l++) await Promise.all(Array.from({ length: width }, () => noop()));
}

const none = z.object({}).strict();
const dag = defineDag<DagTestingActivities>();
const defaults = { startToCloseTimeout: '1m' } as const;

function sequentialDag(id: string, n: number): DagDefinition {
  type B = ReturnType<typeof start>;
  const start = () => dag({ id, summary: `${n} sequential no-op tasks`, params: none, defaults });
  let b: B = start();
  for (let i = 0; i < n; i++) b = b.activity(`t${i}`, { activity: 'noop', deps: (i === 0 ? [] : [`t${i - 1}`]) as never[] }) as B;
  return b.build();
}

/**
 * `layers` × `width` no-op tasks; every task waits for the whole previous layer, like the raw
 * workflow's Promise.all. With `barrier`, a zero-cost in-workflow task joins each layer, so the
 * DAG has 2·width edges per layer instead of width² (10,000 tasks would otherwise mean 9M edges).
 */
function layeredDag(id: string, layers: number, width: number, barrier = false): DagDefinition {
  type B = ReturnType<typeof start>;
  const start = () => dag({ id, summary: `${layers} layers of ${width} no-op tasks`, params: none, defaults });
  let b: B = start();
  for (let l = 0; l < layers; l++) {
    for (let w = 0; w < width; w++) {
      // Every task of a layer waits for the whole previous layer, like the raw Promise.all.
      const deps = l === 0 ? [] : barrier ? [`join${l - 1}`] : Array.from({ length: width }, (_, k) => `l${l - 1}_${k}`);
      b = b.activity(`l${l}_${w}`, { activity: 'noop', deps: deps as never[] }) as B;
    }
    if (barrier && l < layers - 1) {
      const layer = Array.from({ length: width }, (_, k) => `l${l}_${k}`);
      b = b.shortCircuit(`join${l}`, { deps: layer as never[], condition: () => true }) as B;
    }
  }
  return b.build();
}

export const engine_sequential_200 = dagWorkflow(sequentialDag('engine_sequential_200', 200));
export const engine_layers_10x100 = dagWorkflow(layeredDag('engine_layers_10x100', 10, 100));
export const engine_layers_10x1000 = dagWorkflow(layeredDag('engine_layers_10x1000', 10, 1000, true));
