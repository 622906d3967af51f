/**
 * Training throughput (samples/s) of the text classifier on each tfjs backend that starts here,
 * against a PyTorch CPU reference of the same model measured in the same run on the same hashed
 * features (bench/torch_reference.py). Ratios are backend / torch, backend / tfjs wasm (what a
 * worker without tfjs-node trains on) and backend / tfjs cpu, so the output still says something
 * where torch is not installed.
 *
 *   npx tsx bench/training-throughput.bench.ts [--samples 3000] [--epochs 3] [--backends tensorflow,wasm,cpu]
 *
 * Env: TORCH_PYTHON, the Python that has torch (default python3).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { BACKENDS, hashFeatures, selectBackend, syntheticMails, TextClassifierConfigSchema, train } from '../lib/ml';
import { describeBackend } from '../lib/ml/backend';
import { givenStrings, type ParsedArgs } from '../cli/command-line';
import { readCommandLine, type DocumentedCommandLine } from '../cli/command-line-help';
import { formatZodIssues } from '../common/validation';

const ArgsSchema = z.object({
  samples: z.coerce.number().int().min(100).default(3000),
  epochs: z.coerce.number().int().min(1).default(3),
  backends: z
    .string()
    .default(BACKENDS.join(','))
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(BACKENDS))),
});

interface Row {
  readonly backend: string;
  readonly samplesPerSecond: number | null;
  /** Mean training loss of the last epoch: close values across rows show the same model trained. */
  readonly finalLoss: number | null;
  readonly note: string;
}

const ARGS = {
  program: 'npm run bench:training --',
  summary: 'Training throughput of the text classifier on each tfjs backend against a PyTorch CPU reference.',
  options: {
    samples: { type: 'string', value: '<n>', description: 'synthetic mails to train on (default 3000, at least 100)' },
    epochs: { type: 'string', value: '<n>', description: 'training epochs (default 3)' },
    backends: { type: 'string', value: '<list>', description: `comma-separated tfjs backends to measure (default ${BACKENDS.join(',')})` },
  },
  positionals: [],
} as const satisfies DocumentedCommandLine;

function parseArgs(args: ParsedArgs): z.output<typeof ArgsSchema> {
  const raw = givenStrings(args, ARGS);
  const parsed = ArgsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`bad arguments: ${formatZodIssues(parsed.error).join('; ')}`);
  return parsed.data;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function main(): Promise<void> {
  const commandLine = readCommandLine(ARGS);
  if (!commandLine) return;
  const args = parseArgs(commandLine);
  // Shaped like real mail: SpamAssassin subject+body averages about 360 features per mail, and
  // about a fifth of a 32-mail batch's feature occurrences are distinct embedding rows.
  const samples = syntheticMails({ count: args.samples, seed: 1, length: [100, 600], rareWordShare: 0.2 });
  const config = TextClassifierConfigSchema.parse({ epochs: args.epochs, seed: 1 });
  const rows: Row[] = [];

  for (const backend of args.backends) {
    try {
      const choice = await selectBackend({ preferred: backend });
      const perEpoch: number[] = [];
      const { classifier, checkpoint } = await train({
        samples,
        config,
        onEpochEnd: async (_checkpoint, stats) => void perEpoch.push(stats.samplesPerSecond),
      });
      classifier.dispose();
      rows.push({
        backend: `tfjs ${backend}`,
        samplesPerSecond: median(perEpoch),
        finalLoss: checkpoint.lossHistory.at(-1) ?? null,
        note: describeBackend(choice),
      });
    } catch (error) {
      rows.push({ backend: `tfjs ${backend}`, samplesPerSecond: null, finalLoss: null, note: `unavailable: ${(error as Error).message}` });
    }
  }

  const torch = runTorchReference(
    samples.map((s) => hashFeatures(s.text, config)),
    samples.map((s) => s.label),
    config,
  );
  rows.push(torch);

  const ref = torch.samplesPerSecond;
  const cpu = rows.find((r) => r.backend === 'tfjs cpu')?.samplesPerSecond ?? null;
  const wasm = rows.find((r) => r.backend === 'tfjs wasm')?.samplesPerSecond ?? null;
  const ratio = (v: number | null, base: number | null) => (v !== null && base !== null ? v / base : null);
  const table = rows.map((r) => ({
    ...r,
    vsTorch: ratio(r.samplesPerSecond, ref),
    vsTfjsWasm: ratio(r.samplesPerSecond, wasm),
    vsTfjsCpu: ratio(r.samplesPerSecond, cpu),
  }));

  const fmt = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));
  console.log(`\ntraining throughput: ${args.samples} synthetic mails, ${args.epochs} epochs, median epoch`);
  console.log(`model: buckets ${config.buckets}, dim ${config.embeddingDim}, batch ${config.batchSize}\n`);
  console.log(
    `${'backend'.padEnd(16)}${'samples/s'.padStart(12)}${'vs torch'.padStart(10)}${'vs wasm'.padStart(9)}${'vs cpu'.padStart(9)}${'loss'.padStart(9)}  note`,
  );
  for (const r of table) {
    console.log(
      r.backend.padEnd(16) +
        fmt(r.samplesPerSecond, 0).padStart(12) +
        fmt(r.vsTorch, 2).padStart(10) +
        fmt(r.vsTfjsWasm, 2).padStart(9) +
        fmt(r.vsTfjsCpu, 2).padStart(9) +
        fmt(r.finalLoss, 4).padStart(9) +
        `  ${r.note}`,
    );
  }
  console.log(`\n${JSON.stringify({ bench: 'training-throughput', samples: args.samples, epochs: args.epochs, results: table })}`);
}

function runTorchReference(features: Int32Array[], labels: number[], config: z.output<typeof TextClassifierConfigSchema>): Row {
  const python = process.env.TORCH_PYTHON ?? 'python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    return {
      backend: 'torch cpu',
      samplesPerSecond: null,
      finalLoss: null,
      note: `unavailable: ${python} cannot import torch; install it with \`pip install torch\` (or set TORCH_PYTHON)`,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'torch-ref-'));
  try {
    const data = join(dir, 'features.json');
    writeFileSync(data, JSON.stringify({ buckets: config.buckets, ids: features.map((f) => Array.from(f)), labels }));
    const run = spawnSync(
      python,
      [
        join(__dirname, 'torch_reference.py'),
        '--data',
        data,
        '--epochs',
        String(config.epochs),
        '--batch-size',
        String(config.batchSize),
        '--dim',
        String(config.embeddingDim),
        '--lr',
        String(config.learningRate),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (run.status !== 0) {
      return { backend: 'torch cpu', samplesPerSecond: null, finalLoss: null, note: `failed: ${run.stderr.trim().split('\n').pop()}` };
    }
    const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
      samplesPerSecond: number;
      loss: number[];
      torch: string;
      threads: number;
    };
    return {
      backend: 'torch cpu',
      samplesPerSecond: result.samplesPerSecond,
      finalLoss: result.loss.at(-1) ?? null,
      note: `torch ${result.torch}, ${result.threads} threads`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
