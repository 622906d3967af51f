import { createGateModel } from './gate-model';

export type { GateModelInput } from './gate-model';

export function createGateActivities() {
  return { gateModel: createGateModel() };
}
