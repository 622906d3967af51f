import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateTool } from '../../lib/tools';

/**
 * Writes a run's history as the proto3 JSON the `temporal` CLI prints (what historyFromJson
 * reads), with the run's own workflow id beside it: the engine reads it (a run under its business
 * key checks for an earlier one; under another id it forwards), so a replay must use the real one.
 */
export function saveHistory(address: string, dir: string, name: string, run: { workflowId: string; runId: string }): void {
  const json = execFileSync(
    locateTool('temporal'),
    ['workflow', 'show', '--address', address, '--workflow-id', run.workflowId, '--run-id', run.runId, '--output', 'json'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const history = JSON.parse(json) as Record<string, unknown>;
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ workflowId: run.workflowId, ...history }, null, 2)}\n`);
  console.log(`wrote ${join(dir, `${name}.json`)}`);
}
