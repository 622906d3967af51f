// Rewrites package.json in an image's build folder into the manifest of a worker deployment: the
// optional peerDependencies (pg, the AWS SDK, @temporalio/worker, tfjs, ...) become dependencies
// pinned to the versions package-lock.json resolved, and devDependencies go. `npm install
// --omit=dev` then installs exactly what a worker runs, at the versions CI tested. (`npm install
// --no-save NAME` cannot do this: npm skips a package the manifest lists as a devDependency.)
// The native tfjs packages stay out unless named with --with NAME@VERSION.
//   node worker-package.mjs [--with @tensorflow/tfjs-node-gpu@4.22.0]
import { readFileSync, writeFileSync } from 'node:fs';

const NATIVE_TFJS = new Set(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);
const withIndex = process.argv.indexOf('--with');
const extra = withIndex > 0 ? process.argv.slice(withIndex + 1) : [];

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const dependencies = { ...pkg.dependencies };
for (const [name, range] of Object.entries(pkg.peerDependencies ?? {})) {
  if (!pkg.peerDependenciesMeta?.[name]?.optional || NATIVE_TFJS.has(name)) continue;
  dependencies[name] = lock.packages?.[`node_modules/${name}`]?.version ?? range;
}
for (const spec of extra) {
  const at = spec.lastIndexOf('@');
  if (at <= 0) throw new Error(`--with expects NAME@VERSION (got ${JSON.stringify(spec)})`);
  dependencies[spec.slice(0, at)] = spec.slice(at + 1);
}
// Optional dependencies install by default: keep the native tfjs builds (hundreds of MB,
// downloaded at install) out of images that did not ask for them.
const optionalDependencies = Object.fromEntries(
  Object.entries(pkg.optionalDependencies ?? {}).filter(([name]) => !NATIVE_TFJS.has(name) || name in dependencies),
);
delete pkg.devDependencies;
writeFileSync('package.json', `${JSON.stringify({ ...pkg, dependencies, optionalDependencies }, null, 2)}\n`);
process.stdout.write(`worker dependencies: ${Object.keys(dependencies).sort().join(' ')}\n`);
