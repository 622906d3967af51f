export { createLogger, type Logger, type LoggerOptions } from './create-logger';
export { installTemporalRuntimeLogger } from './temporal-runtime';
