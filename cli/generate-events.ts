// Writes synthetic moderation events (for benchmarks) with COPY FROM STDIN; deterministic by seed.
//   DATABASE_URL=postgres://... npx tsx cli/generate-events.ts --rows 1000000 [--table moderation_events_synthetic]
//     [--seed 1] [--weeks 12] [--start 2024-01-01T00:00:00Z] [--spam-rate 0.3]
// The table is replaced when it was made by this command; any other existing table is refused.
import { z } from 'zod';
import { loadConfig } from '../lib/config';
import { checkConnection, createPool } from '../lib/db';
import { generateSyntheticEvents } from '../lib/source';
import { runMain } from './main-wrapper';

const ArgsSchema = z.object({
  rows: z.coerce.number().int().positive(),
  table: z.string().min(1).default('moderation_events_synthetic'),
  seed: z.coerce.number().int().default(1),
  weeks: z.coerce.number().int().positive().default(12),
  start: z.iso.datetime({ offset: true }).default('2024-01-01T00:00:00Z'),
  'spam-rate': z.coerce.number().min(0).max(1).default(0.3),
});

function parseArgs(argv: string[]): z.output<typeof ArgsSchema> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!;
    if (!name.startsWith('--') || argv[i + 1] === undefined) throw new Error(`expected --name value pairs, got "${name}"`);
    raw[name.slice(2)] = argv[i + 1]!;
  }
  const parsed = ArgsSchema.strict().safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid arguments: ${parsed.error.issues.map((i) => `--${i.path.join('.') || '?'} ${i.message} (got ${JSON.stringify(raw[String(i.path[0])])})`).join('; ')}`);
  }
  return parsed.data;
}

runMain(async () => {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set: name the PostgreSQL to write synthetic events into');
  const pool = createPool(config.DATABASE_URL);
  try {
    await checkConnection(pool, config.DATABASE_URL);
    const started = Date.now();
    let lastReport = 0;
    await generateSyntheticEvents(pool, { rows: args.rows, table: args.table, seed: args.seed, weeks: args.weeks, start: new Date(args.start), spamRate: args['spam-rate'] }, (rows) => {
      if (Date.now() - lastReport > 2_000) {
        lastReport = Date.now();
        process.stderr.write(`  ${rows} rows...\n`);
      }
    });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ table: args.table, rows: args.rows, seed: args.seed, seconds, rowsPerSecond: Math.round(args.rows / seconds) })}\n`);
  } finally {
    await pool.end();
  }
});
