// The `factory` CLI: start, follow and operate DAG runs, schedules and the model registry.
//   npm run factory -- <command> [options]      or      bin/factory <command> [options]
// It connects to TEMPORAL_ADDRESS (default 127.0.0.1:7233, what `npm start` serves) and, for the
// models commands, DATABASE_URL; it never starts servers itself. See docs/cli.md.
import { runFactory } from './commands';
import { exitOnBrokenPipe } from './commands/output';

exitOnBrokenPipe(process.stdout);
runFactory(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
