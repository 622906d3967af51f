// Lint rules that guard the architecture: workflow-side code (workflows/, common/) must stay
// deterministic, so Node built-ins, I/O clients and pino are banned there; promises must be
// awaited everywhere.
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'scratch/**', 'dist/**', 'eslint.config.mjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Prettier (npm run format) wraps code at this width; what it cannot wrap (comments) is kept in it here.
      'max-len': ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
  {
    // node:test's test() and describe() return promises the runner itself awaits.
    files: ['test/**/*.test.ts', 'test/contracts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' }] },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts', 'common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_BUILTINS.flatMap((name) => [
              { name, message: 'workflow-side code must be deterministic: no Node built-ins (move it to lib/ or an activity)' },
              { name: `node:${name}`, message: 'workflow-side code must be deterministic: no Node built-ins (move it to lib/ or an activity)' },
            ]),
            { name: 'pino', message: 'use the replay-safe `log` from @temporalio/workflow in workflow code' },
            { name: 'pg', message: 'no I/O in workflow code: call an activity' },
            { name: '@aws-sdk/client-s3', message: 'no I/O in workflow code: call an activity' },
            { name: '@temporalio/activity', message: 'activity APIs are not available in workflow code' },
            { name: '@temporalio/worker', message: 'worker APIs are not available in workflow code' },
          ],
          patterns: [
            { group: ['**/lib/**', '../lib/*', '../../lib/*'], message: 'lib/ is Node-only; workflow-side code may import only common/ and workflows/' },
          ],
        },
      ],
    },
  },
);
