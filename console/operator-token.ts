import { readFileSync } from 'node:fs';
import { ConfigError } from '../lib/config';

export interface OperatorTokenSettings {
  readonly CONSOLE_OPERATOR_TOKEN?: string | undefined;
  readonly CONSOLE_OPERATOR_TOKEN_FILE?: string | undefined;
}

/**
 * The operator token the settings name: CONSOLE_OPERATOR_TOKEN (a secret injected as a variable)
 * or CONSOLE_OPERATOR_TOKEN_FILE (a mounted secret; a trailing newline is dropped). Neither set:
 * undefined, and the console is read-only. Errors never quote the token.
 */
export function loadOperatorToken(settings: OperatorTokenSettings): string | undefined {
  const inline = settings.CONSOLE_OPERATOR_TOKEN || undefined;
  const file = settings.CONSOLE_OPERATOR_TOKEN_FILE || undefined;
  if (inline !== undefined && file !== undefined) {
    throw new ConfigError('CONSOLE_OPERATOR_TOKEN_FILE', file, 'to be unset when CONSOLE_OPERATOR_TOKEN is set: the token comes from one place');
  }
  if (file === undefined) return inline;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError('CONSOLE_OPERATOR_TOKEN_FILE', file, `a readable file (${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const token = text.replace(/\r?\n$/, '');
  if (token.length < 16 || /\s/.test(token)) {
    throw new ConfigError('CONSOLE_OPERATOR_TOKEN_FILE', file, 'a file holding one token of at least 16 characters without spaces');
  }
  return token;
}
