// `npm run build`: the package as it ships. Compiles the production sources to CommonJS + .d.ts
// in dist/ (tsconfig.build.json), bundles the workflows once (workers load dist/workflow-bundle.js
// instead of running webpack at start) and stamps dist/build-info.json with the commit built.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const started = Date.now();

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// The web console's stylesheet, read beside its compiled code (console/static-assets.ts).
cpSync(join(root, 'console', 'static'), join(dist, 'console', 'static'), { recursive: true });

const { bundleWorkflowCode, DefaultLogger } = require('@temporalio/worker');
const workflowsPath = join(dist, 'workflows', 'index.js');
const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
writeFileSync(join(dist, 'workflow-bundle.js'), code);
// The same workflows with the OpenTelemetry workflow interceptors, for workers with tracing on
// (workers/create-workers.ts): off, a worker runs without them and pays nothing for spans.
const traced = await bundleWorkflowCode({
  workflowsPath,
  workflowInterceptorModules: [join(dist, 'workflows', 'tracing-interceptors.js')],
  logger: new DefaultLogger('WARN'),
});
writeFileSync(join(dist, 'workflow-bundle-traced.js'), traced.code);

const { gitCommit } = require(join(dist, 'lib', 'build-info.js'));
const commit = gitCommit(root);
writeFileSync(join(dist, 'build-info.json'), `${JSON.stringify({ ...(commit ? { gitCommit: commit } : {}), builtAt: new Date().toISOString() }, null, 2)}\n`);
console.log(`built dist/ (${commit ? `commit ${commit.slice(0, 12)}` : 'no git commit'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
