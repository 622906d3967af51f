/**
 * Does this machine train on the backend TFJS_BACKEND asks for (default here: tensorflow-gpu,
 * a GPU or nothing)? Selects it as a gpu worker would, trains the text classifier on generated
 * mail for one epoch, and prints the backend, the device and samples/s. Exits 1 when the backend
 * asked for does not load (without a GPU under tensorflow-gpu), 2 on bad arguments.
 *
 *   npx tsx scripts/gpu-check.ts [--samples 4000] [--epochs 1]     (scripts/gpu-check.sh installs first)
 */
import { z } from 'zod';
import { givenStrings, type ParsedArgs } from '../cli/command-line';
import { readCommandLine, type DocumentedCommandLine } from '../cli/command-line-help';
import { formatZodIssues } from '../common/validation';
import { createLogger } from '../lib/logger';
import { syntheticMails, TextClassifierConfigSchema, train } from '../lib/ml';
import { describeBackend, deviceOf } from '../lib/ml/backend';
import { runMain } from '../lib/process/run-main';
import { ensureBackend, parseBackendRequirement } from '../lib/training/backend';

const ARGS = {
  program: 'scripts/gpu-check.sh',
  summary: 'Trains one epoch on the backend TFJS_BACKEND asks for (default tensorflow-gpu) and prints backend, device and samples/s.',
  options: {
    samples: { type: 'string', value: '<n>', description: 'generated mails to train on (default 4000, at least 100)' },
    epochs: { type: 'string', value: '<n>', description: 'epochs (default 1)' },
  },
  positionals: [],
} as const satisfies DocumentedCommandLine;

const ArgsSchema = z.object({
  samples: z.coerce.number().int().min(100).default(4000),
  epochs: z.coerce.number().int().min(1).default(1),
});

function parseArgs(args: ParsedArgs): z.output<typeof ArgsSchema> {
  const parsed = ArgsSchema.safeParse(givenStrings(args, ARGS));
  if (!parsed.success) throw new RangeError(`bad arguments: ${formatZodIssues(parsed.error).join('; ')}`);
  return parsed.data;
}

runMain(
  async () => {
    const commandLine = readCommandLine(ARGS);
    if (!commandLine) return;
    const args = parseArgs(commandLine);
    const setting = process.env.TFJS_BACKEND || 'tensorflow-gpu';
    const requirement = parseBackendRequirement(setting);
    const logger = createLogger({ level: 'warn', pretty: false });
    const choice = await ensureBackend(requirement, logger);
    process.stdout.write(`gpu-check: TFJS_BACKEND=${setting}: ${describeBackend(choice)}\n`);

    // Shaped like the bench's (real mail's feature counts), so the numbers compare with it.
    const samples = syntheticMails({ count: args.samples, seed: 1, length: [100, 600], rareWordShare: 0.2 });
    const perEpoch: number[] = [];
    const { classifier, checkpoint } = await train({
      samples,
      config: TextClassifierConfigSchema.parse({ epochs: args.epochs, seed: 1 }),
      onEpochEnd: async (_checkpoint, stats) => void perEpoch.push(stats.samplesPerSecond),
    });
    classifier.dispose();
    const samplesPerSecond = Math.max(...perEpoch);
    const result = {
      check: 'gpu',
      setting,
      backend: choice.backend,
      device: deviceOf(choice),
      ...(choice.backend === 'tensorflow' ? { nodePackage: choice.nodePackage, tensorflowVersion: choice.tensorflowVersion } : {}),
      samples: args.samples,
      epochs: args.epochs,
      samplesPerSecond: Math.round(samplesPerSecond),
      finalLoss: checkpoint.lossHistory.at(-1) ?? null,
    };
    process.stdout.write(
      `gpu-check: trained ${args.samples} mails x ${args.epochs} epoch(s): ${result.samplesPerSecond} samples/s (best epoch) on the ${result.device}\n`,
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
  },
  { isUsageError: (error) => error instanceof RangeError || error.name === 'InvalidArgumentError' },
);
