import type { TrafficSplit } from '../../lib/serving/traffic-store';

/** Stage 0 is shadow; stage i ≥ 1 is canary at steps[i − 1] percent. */
export function stageName(stage: number, steps: readonly number[]): string {
  return stage === 0 ? 'shadow' : `canary ${steps[stage - 1]}%`;
}

/** The stage the split says this rollout is in, or undefined when the split is not this rollout's. */
export function stageOf(split: TrafficSplit | null, challenger: number, steps: readonly number[]): number | undefined {
  if (!split || split.challenger !== challenger) return undefined;
  if (split.mode === 'shadow') return 0;
  if (split.mode === 'canary') {
    const step = steps.indexOf(split.canaryPercent);
    return step === -1 ? undefined : step + 1;
  }
  return undefined;
}

export function describeSplit(split: TrafficSplit | null): string {
  if (!split) return 'no split';
  const who = split.challenger === null ? 'no challenger' : `v${split.challenger}`;
  const mode = split.mode === 'canary' ? `canary ${split.canaryPercent}%` : split.mode;
  return `${mode} (${who}, set by ${split.updatedBy}: ${split.reason})`;
}
