import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from '../config';
import { checkSource, parseSourceConfig, SourceConfigError, SourceNotFoundError, type SourceConfig } from '../source';
import { checkConnection, DatabaseUnavailableError, type Pool } from '../db';

/** Parses SOURCE_CONFIG (inline JSON or a file path); undefined means the seeded default table. */
export function parseSourceSetting(config: Pick<Config, 'SOURCE_CONFIG'>): SourceConfig | undefined {
  const raw = config.SOURCE_CONFIG?.trim();
  if (!raw) return undefined;
  let text = raw;
  if (!raw.startsWith('{')) {
    try {
      text = readFileSync(raw, 'utf8');
    } catch (err) {
      throw new ConfigError('SOURCE_CONFIG', raw, `inline JSON or a readable JSON file (${(err as Error).message})`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('SOURCE_CONFIG', raw, `valid JSON (${(err as Error).message})`);
  }
  try {
    return parseSourceConfig(json);
  } catch (err) {
    if (err instanceof SourceConfigError) throw new ConfigError('SOURCE_CONFIG', raw, err.message);
    throw err;
  }
}

/** Checks at start that the configured table and columns (or query) exist, naming what is missing. */
export async function checkSourceAtStart(pool: Pool, source: SourceConfig | undefined): Promise<void> {
  if (!source) return;
  try {
    await checkSource(pool, source);
  } catch (err) {
    if (err instanceof SourceNotFoundError) throw new ConfigError('SOURCE_CONFIG', JSON.stringify(source), err.message);
    throw err;
  }
}

/** Connects to SOURCE_DATABASE_URL, naming that variable (not DATABASE_URL) when it fails. */
export async function checkSourceConnection(pool: Pool, url: string): Promise<void> {
  try {
    await checkConnection(pool, url);
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) {
      throw new DatabaseUnavailableError(
        err.message.replace(
          /Check DATABASE_URL or unset it to use the embedded server\.$/,
          'Check SOURCE_DATABASE_URL (the source database; a read-only role is enough) or unset it to read the source from the metadata database.',
        ),
        err.target,
        { cause: err.cause },
      );
    }
    throw err;
  }
}
