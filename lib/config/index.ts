export { ConfigError } from './errors';
export { loadConfig } from './load-config';
export { envSchema, type Config, type EnvInput } from './schema';
// Durations are parsed by the DAG engine's parser; the config schema has checked their shape.
export { durationMs as parseDuration } from '../../common/dag/duration';
