// Regenerates the committed histories replayed by dag-histories.test.ts:
//   npx tsx test/replay/record-histories.ts
// Run it after an intended change to the DAG engine's commands (and say so in the commit);
// an unintended change is exactly what the replay test exists to catch.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { locateTool } from '../../lib/tools';
import { retryTaskUpdate, getDagStateQuery } from '../../workflows/dag';
import { DagTestHarness, eventually } from '../integration/dag/harness';

const OUT = join(__dirname, '..', 'histories');

async function main(): Promise<void> {
  const h = new DagTestHarness();
  await h.start();
  try {
    await h.withWorker(async ({ start, taskQueue }) => {
      const runs: [string, () => Promise<{ workflowId: string }>][] = [
        ['linear', async () => record(await start('linear_dag', { params: { start: 1 }, logicalDate: '2025-01-06T03:00:00Z' }, 'replay-linear'))],
        ['branch', async () => record(await start('branch_dag', { params: { path: 'right' } }, 'replay-branch'))],
        ['mapped', async () => record(await start('mapped_dag', { params: { count: 5 } }, 'replay-mapped'))],
        ['retried-by-temporal', async () => record(await start('retry_dag', { params: { failures: 1 } }, 'replay-retried'))],
        [
          'failed-then-retried-by-operator',
          async () => {
            const handle = await start('pause_dag', { params: { key: `replay-${taskQueue}` } }, 'replay-paused');
            await eventually(
              async () => (await handle.query(getDagStateQuery)).status,
              (s) => s === 'paused',
            );
            await handle.executeUpdate(retryTaskUpdate, { args: ['fragile'] });
            return record(handle);
          },
        ],
        ['continued-as-new', async () => record(await start('layered_dag', { continueAsNewAfterEvents: 400 }, 'replay-can'))],
      ];
      for (const [name, run] of runs) {
        const handle = await run();
        // The CLI writes the proto3 JSON that historyFromJSON reads. (The SDK's historyToJSON fails
        // in this install: @temporalio/common bundles protobufjs 8 while @temporalio/proto uses 7.)
        const json = execFileSync(
          locateTool('temporal'),
          ['workflow', 'show', '--address', h.env.address, '--workflow-id', handle.workflowId, '--output', 'json'],
          {
            encoding: 'utf8',
            maxBuffer: 256 * 1024 * 1024,
          },
        );
        writeFileSync(join(OUT, `dag-${name}.json`), json.trimEnd() + '\n');
        console.log(`wrote test/histories/dag-${name}.json`);
      }
    });
  } finally {
    await h.stop();
  }
}

/** Waits for the run to end; the history of the last segment is what gets replayed. */
async function record<H extends { result: () => Promise<unknown> }>(handle: H): Promise<H> {
  await handle.result();
  return handle;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
