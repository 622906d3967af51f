export { DatabaseUnavailableError, MigrationError } from './errors';
export { startEmbeddedPostgres, type EmbeddedPostgresOptions, type RunningPostgres } from './embedded-postgres';
export { checkConnection, createPool, redactUrl, type Pool } from './pool';
export { migrate, MIGRATIONS_DIR } from './migrate';
export { inTransaction } from './transaction';
