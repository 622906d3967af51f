export { TemporalUnavailableError } from './errors';
export { startDevServer, type DevServerOptions, type RunningDevServer } from './dev-server';
export { temporalConnectConfig } from './connect-options';
export { uiRunUrl } from './ui-links';
