import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { issueExpectation } from '../../common/validation';
import { ConfigError } from './errors';
import { envSchema, type Config } from './schema';

type Env = Record<string, string | undefined>;

function readConfigFile(path: string): Env {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError('FACTORY_CONFIG', path, `a readable JSON file (${(err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('FACTORY_CONFIG', path, `valid JSON (${(err as Error).message})`);
  }
  const fileSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
  const result = fileSchema.safeParse(parsed);
  if (!result.success) throw new ConfigError('FACTORY_CONFIG', path, 'a JSON object of VARIABLE: value');
  return Object.fromEntries(Object.entries(result.data).map(([k, v]) => [k, String(v)]));
}

/**
 * Parses the environment (plus the optional FACTORY_CONFIG file) into a typed config.
 * The first bad variable throws one ConfigError naming it, its value and what is expected.
 */
export function loadConfig(env: Env = process.env): Config {
  const known = Object.keys(envSchema.shape);
  const fromFile = env.FACTORY_CONFIG ? readConfigFile(env.FACTORY_CONFIG) : {};
  const merged: Env = {};
  for (const key of known) {
    // An empty variable means unset, as shells make it easy to export FOO= by accident.
    const value = env[key] !== undefined && env[key] !== '' ? env[key] : fromFile[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const result = envSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, merged[variable], issueExpectation(issue).replace(/^expected /, ''));
  }
  return result.data;
}
