import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from '../../../lib/db';
import { InvalidRegistryInputError, ModelRegistry } from '../../../lib/registry';

// Input is parsed before any query, so a pool that throws on use proves nothing was written.
const untouchable = new Proxy(
  {},
  {
    get: () => {
      throw new Error('the pool must not be used for invalid input');
    },
  },
) as Pool;
const registry = new ModelRegistry(untouchable);
const who = { actor: 'alice', reason: 'because' };

const invalid = (message: string) => (err: unknown) =>
  err instanceof InvalidRegistryInputError && err.message === message && err.code === 'InvalidRegistryInput';

describe('registry input validation', () => {
  test('a model name with a space is refused with the name quoted', async () => {
    await assert.rejects(
      registry.getVersion('spam filter', 1),
      invalid('invalid model name: (root): at most 63 lowercase letters, digits, "_" or "-", starting with a letter or digit (got "spam filter")'),
    );
  });

  test('a version that is not a positive integer is refused with the value quoted', async () => {
    await assert.rejects(registry.promoteToChampion('spam', 1.5, who), invalid('invalid version number: (root): expected int, got 1.5'));
  });

  test('a promotion without a reason is refused', async () => {
    await assert.rejects(
      registry.promoteToChampion('spam', 2, { actor: 'alice', reason: '' }),
      invalid('invalid change context: reason: Too small: expected string to have >=1 characters (got "")'),
    );
  });

  test('a registration missing its lineage names the field', async () => {
    await assert.rejects(
      registry.registerVersion({ model: 'spam', registrationKey: 'wf/register_model' } as never),
      (err: unknown) => err instanceof InvalidRegistryInputError && /lineage: expected object, got nothing/.test(err.message),
    );
  });
});
