// Seeds moderation_events from the SpamAssassin corpus into the PostgreSQL named by DATABASE_URL
// (migrating first), then prints how event times were placed and the weekly timeline.
//   DATABASE_URL=postgres://... npx tsx cli/seed-corpus.ts [--timeline]
// `npm start` seeds the embedded server itself through seedCorpus(); this is for external ones.
import { loadConfig } from '../lib/config';
import { checkConnection, createPool, migrate } from '../lib/db';
import { createLogger } from '../lib/logger';
import { seedCorpus, weeklyTimeline } from '../lib/source';
import { readCommandLine, type DocumentedCommandLine } from './command-line-help';
import { runMain } from './main-wrapper';

const SEED_ARGS = {
  program: 'npx tsx cli/seed-corpus.ts',
  summary: 'Seeds moderation_events from the SpamAssassin corpus into the PostgreSQL named by DATABASE_URL (migrating first).',
  options: { timeline: { type: 'boolean', description: 'then print the weekly timeline: rows, spam and sources per week' } },
  positionals: [],
} as const satisfies DocumentedCommandLine;

runMain(async () => {
  const args = readCommandLine(SEED_ARGS);
  if (!args) return;
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set: cli/seed-corpus.ts seeds an external PostgreSQL (npm start seeds the embedded one)');
  const pool = createPool(config.DATABASE_URL);
  try {
    await checkConnection(pool, config.DATABASE_URL);
    await migrate(pool);
    const result = await seedCorpus(pool, logger);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (args.flag('timeline')) {
      process.stdout.write('week        rows  spam  spam%  sources\n');
      for (const w of await weeklyTimeline(pool)) {
        const sources = Object.entries(w.bySource)
          .map(([s, n]) => `${s.replace('spamassassin/', '')}:${n}`)
          .join(' ');
        process.stdout.write(
          `${w.week}  ${String(w.rows).padStart(5)} ${String(w.spam).padStart(5)}  ${((100 * w.spam) / w.rows).toFixed(0).padStart(4)}%  ${sources}\n`,
        );
      }
    }
  } finally {
    await pool.end();
  }
});
