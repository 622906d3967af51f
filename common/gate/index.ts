// Workflow-safe: pure functions and zod schemas only, no Node built-ins, no I/O.
export { evaluateGate } from './evaluate-gate';
export type { GateCheck, GateCheckName, GateComparison, GateResult } from './evaluate-gate';
export { DEFAULT_GATE_THRESHOLDS, GATE_METRICS, GateThresholdsSchema, InvalidGateThresholdsError, parseGateThresholds } from './gate-thresholds';
export type { GateMetricName, GateMetrics, GateThresholds, GateThresholdsInput } from './gate-thresholds';
