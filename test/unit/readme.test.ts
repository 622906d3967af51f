import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from '../../lib/config';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

test('README starts with the two commands that work on a fresh clone', () => {
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  assert.match(firstBlock, /^npm ci && npm start/m);
  assert.match(firstBlock, /^npm test/m);
});

test('README documents every configuration variable (regenerate with `npx tsx scripts/config-table.ts`)', () => {
  const missing = Object.keys(envSchema.shape).filter((name) => !readme.includes(`| \`${name}\` |`));
  assert.deepEqual(missing, []);
});
