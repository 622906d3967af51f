// Dataset validation of 1M rows: peak RSS against the 300 MB limit, and throughput against a
// limit measured in the same run: reading the same artifact and JSON-parsing every line, with no
// validation. Rows come from lib/ml's syntheticMails, written by a child process (this file with
// --generate) so the generator's memory is not counted. 1% of the texts and 0.5% of the ids are
// exact repeats, so the bench also checks that every duplicate is found.
//   npm run bench:validation [-- --rows 1000000]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore } from '../lib/artifacts';
import { ComputePool } from '../lib/compute';
import { QuarantineFile, scanDataset } from '../lib/dataset';
import { integerOption } from '../cli/command-line';
import { readCommandLine, type DocumentedCommandLine } from '../cli/command-line-help';

const RSS_LIMIT_MB = 300;
const BATCH = 10_000;

/** Writes `rows` JSONL rows to `file`; prints the expected duplicate counts as JSON. */
async function generate(file: string, rows: number): Promise<void> {
  // Required here, in the child only: lib/ml loads tfjs, which the measured process must not carry.
  const { syntheticMails } = require('../lib/ml') as typeof import('../lib/ml');
  const out = createWriteStream(file);
  let duplicateTexts = 0;
  let duplicateIds = 0;
  let previousText = '';
  for (let start = 0; start < rows; start += BATCH) {
    const mails = syntheticMails({ count: Math.min(BATCH, rows - start), seed: 1 + start / BATCH });
    let chunk = '';
    mails.forEach((mail, k) => {
      const i = start + k;
      // Every 100th text repeats the previous row's, every 200th id the previous id.
      const repeatText = i % 100 === 99 && previousText !== '';
      const repeatId = i % 200 === 199;
      const text = repeatText ? previousText : `${mail.text} #${i}`;
      if (repeatText) duplicateTexts++;
      if (repeatId) duplicateIds++;
      previousText = text;
      const id = `mail-${repeatId ? i - 1 : i}`;
      chunk += `${JSON.stringify({ id, text, label: mail.label, eventTime: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), source: 'bench' })}\n`;
    });
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  process.stdout.write(JSON.stringify({ duplicateTexts, duplicateIds }));
}

async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakRssMb: number; startRssMb: number }> {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: (performance.now() - started) / 1000, peakRssMb: peak / 2 ** 20, startRssMb: startRss / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

const ARGS = {
  program: 'npm run bench:validation --',
  summary: 'Dataset validation of synthetic rows: peak RSS against 300 MB, throughput against reading and JSON-parsing the same artifact.',
  options: {
    rows: { type: 'string', value: '<n>', description: 'rows to generate and validate (default 1000000)' },
    generate: {
      type: 'string',
      value: '<file>',
      description: 'internal: write the rows to this file and exit (the child process that keeps the generator out of the measure)',
    },
  },
  positionals: [],
} as const satisfies DocumentedCommandLine;

async function main(): Promise<void> {
  const args = readCommandLine(ARGS);
  if (!args) return;
  const rows = integerOption(args, 'rows', 1_000_000);
  const generateInto = args.string('generate');
  if (generateInto) return generate(generateInto, rows);

  const dir = mkdtempSync(join(tmpdir(), 'factory-validation-bench-'));
  const pool = new ComputePool({ size: 1 });
  try {
    const store = new LocalArtifactStore(join(dir, 'artifacts'));
    const file = join(dir, 'rows.jsonl');
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--generate', file, '--rows', String(rows)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (child.status !== 0) throw new Error(`generator failed (${child.status}): ${child.stderr}`);
    const expected = JSON.parse(child.stdout) as { duplicateTexts: number; duplicateIds: number };
    const { createReadStream } = await import('node:fs');
    const ref = await store.put('datasets/bench/rows.jsonl', createReadStream(file));
    rmSync(file);
    const generatedSeconds = (performance.now() - t0) / 1000;

    // Limit: the same bytes through the same store, split into lines and JSON-parsed, nothing else.
    const limit = await measure(async () => {
      let lines = 0;
      let rest = '';
      const hash = createHash('sha256');
      for await (const chunk of await store.openRead(ref.uri, ref.sha256)) {
        hash.update(chunk as Buffer);
        const parts = (rest + (chunk as Buffer).toString('utf8')).split('\n');
        rest = parts.pop() as string;
        for (const line of parts) if (line.length > 0 && JSON.parse(line) !== undefined) lines++;
      }
      if (rest.length > 0) lines++;
      return lines;
    });
    const quarantine = new QuarantineFile();
    const ours = await measure(() => scanDataset(store, ref.uri, ref.sha256, 20, quarantine, { compute: pool, expectedRows: rows }));
    await quarantine.dispose();

    const scan = ours.value;
    const limitRate = limit.value / limit.seconds;
    const oursRate = scan.profile.rows / ours.seconds;
    const exact = scan.duplicateTexts === expected.duplicateTexts && scan.duplicateIds === expected.duplicateIds;
    const result = {
      rows,
      bytes: ref.sizeBytes,
      generatedSeconds: Number(generatedSeconds.toFixed(1)),
      limit: {
        method: 'read + split + JSON.parse, no validation',
        seconds: Number(limit.seconds.toFixed(2)),
        rowsPerSecond: Math.round(limitRate),
        peakRssMb: Math.round(limit.peakRssMb),
        rssAtStartMb: Math.round(limit.startRssMb),
      },
      validation: {
        method: 'scanDataset on a compute thread',
        seconds: Number(ours.seconds.toFixed(2)),
        rowsPerSecond: Math.round(oursRate),
        peakRssMb: Math.round(ours.peakRssMb),
        rssAtStartMb: Math.round(ours.startRssMb),
      },
      throughputRatio: Number((oursRate / limitRate).toFixed(2)),
      rssLimitMb: RSS_LIMIT_MB,
      duplicates: { expected, found: { duplicateTexts: scan.duplicateTexts, duplicateIds: scan.duplicateIds }, exact },
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(
      `validation ${Math.round(oursRate)} rows/s vs read+parse ${Math.round(limitRate)} rows/s (ratio ${result.throughputRatio}); ` +
        `peak RSS ${Math.round(ours.peakRssMb)} MB vs limit ${RSS_LIMIT_MB} MB (${ours.peakRssMb < RSS_LIMIT_MB ? 'within' : 'OVER'}); duplicates ${exact ? 'all found, none extra' : 'MISMATCH'}`,
    );
    if (ours.peakRssMb >= RSS_LIMIT_MB || !exact) process.exitCode = 1;
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
