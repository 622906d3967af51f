// The prediction service (Node-only): serves each model's champion from the registry, splits
// traffic with a challenger as deploy_model sets it, logs every prediction and its feedback.
export { listenForChanges, SERVING_CHANNEL, type ChangeListener } from './change-listener';
export {
  InvalidServingInputError,
  ModelLoadError,
  ModelNotServedError,
  PredictionLogFullError,
  SERVING_ERROR_CODES,
  ServingError,
  type ServingErrorCode,
} from './errors';
export { FeedbackInputSchema, recordFeedback, type Feedback, type FeedbackInput } from './feedback';
export { createServingApp, type ServingAppDeps } from './http-app';
export { loadModelVersion, type LoadedModel } from './model-loader';
export { dropExpiredPartitions, ensurePartitions, listPartitions } from './partitions';
export { predict, PredictFailedError, routesToCanary, type Prediction, type PredictResult } from './predict';
export { PredictionLog, type PredictionLogOptions, type PredictionRecord } from './prediction-log';
export { DEFAULT_LIMITS, startPredictionService, type PredictionServiceOptions, type RunningPredictionService } from './prediction-service';
export { predictionStats, PredictionStatsQuerySchema, SCORE_BINS, type PredictionStats, type PredictionStatsQuery } from './prediction-stats';
export { parsePredictRequest, PredictRequestSchema, type PredictRequest, type RequestLimits } from './request-schemas';
export { ServedModels, type LoadFailure, type ModelState } from './served-models';
export { predictionServiceOptions } from './service-config';
export { SERVING_METRICS, ServingMetrics } from './serving-metrics';
export {
  readTrafficSplit,
  setTrafficSplit,
  TRAFFIC_MODES,
  trafficHistory,
  TrafficSplitInputSchema,
  type TrafficMode,
  type TrafficSplit,
} from './traffic-store';
export { DEFAULT_THRESHOLD, versionThreshold } from './version-threshold';
