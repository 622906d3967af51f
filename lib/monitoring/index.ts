export { analyseStage, missingTraffic, type AnalysisCheck, type RolloutThresholds, type StageAnalysis } from './rollout-analysis';
export { liveDriftVerdict, type LiveDriftThresholds, type LiveDriftVerdict } from './live-drift';
export { readPerformance, type PerformanceReport, type VersionPerformance } from './performance-report';
export { scoreHistogramSvg } from './report-plots';
