export { ConfigError } from './errors';
export { loadConfig } from './load-config';
export { envSchema, type Config, type EnvInput } from './schema';
export { parseDuration } from './duration';
