// Writes synthetic moderation events (for benchmarks) with COPY FROM STDIN; deterministic by seed.
//   DATABASE_URL=postgres://... npx tsx cli/generate-events.ts --rows 1000000 [--table moderation_events_synthetic]
//     [--seed 1] [--weeks 12] [--start 2024-01-01T00:00:00Z] [--spam-rate 0.3]
// The table is replaced when it was made by this command; any other existing table is refused.
import { z } from 'zod';
import { formatZodIssues } from '../common/validation';
import { loadConfig } from '../lib/config';
import { checkConnection, createPool } from '../lib/db';
import { generateSyntheticEvents } from '../lib/source';
import { givenStrings, type ParsedArgs } from './command-line';
import { readCommandLine, type DocumentedCommandLine } from './command-line-help';
import { InvalidArgumentError, runMain } from './main-wrapper';

const ArgsSchema = z.object({
  rows: z.coerce.number().int().positive(),
  table: z.string().min(1).default('moderation_events_synthetic'),
  seed: z.coerce.number().int().default(1),
  weeks: z.coerce.number().int().positive().default(12),
  start: z.iso.datetime({ offset: true }).default('2024-01-01T00:00:00Z'),
  'spam-rate': z.coerce.number().min(0).max(1).default(0.3),
});

const GENERATE_ARGS = {
  program: 'npx tsx cli/generate-events.ts',
  summary: 'Writes synthetic moderation events into the PostgreSQL named by DATABASE_URL (for benchmarks); deterministic by seed.',
  options: {
    rows: { type: 'string', required: true, value: '<n>', description: 'how many events' },
    table: { type: 'string', value: '<name>', description: 'table to write (default moderation_events_synthetic); replaced only when this command made it' },
    seed: { type: 'string', value: '<n>', description: 'PRNG seed (default 1)' },
    weeks: { type: 'string', value: '<n>', description: 'weeks the event times spread over (default 12)' },
    start: { type: 'string', value: 'ISO', description: 'when the event times begin (default 2024-01-01T00:00:00Z)' },
    'spam-rate': { type: 'string', value: '<0..1>', description: 'share of spam labels (default 0.3)' },
  },
  positionals: [],
} as const satisfies DocumentedCommandLine;

function parseArgs(args: ParsedArgs): z.output<typeof ArgsSchema> {
  const raw = givenStrings(args, GENERATE_ARGS);
  const parsed = ArgsSchema.strict().safeParse(raw);
  if (!parsed.success) {
    throw new InvalidArgumentError(
      `invalid arguments: ${formatZodIssues(parsed.error, { input: raw, root: 'arguments' })
        .map((line) => `--${line}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

runMain(async () => {
  const commandLine = readCommandLine(GENERATE_ARGS);
  if (!commandLine) return;
  const args = parseArgs(commandLine);
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set: name the PostgreSQL to write synthetic events into');
  const pool = createPool(config.DATABASE_URL);
  try {
    await checkConnection(pool, config.DATABASE_URL);
    const started = Date.now();
    let lastReport = 0;
    await generateSyntheticEvents(
      pool,
      { rows: args.rows, table: args.table, seed: args.seed, weeks: args.weeks, start: new Date(args.start), spamRate: args['spam-rate'] },
      (rows) => {
        if (Date.now() - lastReport > 2_000) {
          lastReport = Date.now();
          process.stderr.write(`  ${rows} rows...\n`);
        }
      },
    );
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `${JSON.stringify({ table: args.table, rows: args.rows, seed: args.seed, seconds, rowsPerSecond: Math.round(args.rows / seconds) })}\n`,
    );
  } finally {
    await pool.end();
  }
});
