// Child process for the crash test: starts embedded PostgreSQL on the folder given as argv[2],
// prints "ready", then waits to be SIGKILLed, leaving its server orphaned as a crashed run would.
import { startEmbeddedPostgres } from '../../lib/db';
import { createLogger } from '../../lib/logger';

startEmbeddedPostgres({ dataDir: process.argv[2]!, port: 0, logger: createLogger({ level: 'silent', pretty: false }) })
  .then(() => {
    process.stdout.write('ready\n');
    setInterval(() => undefined, 60_000);
  })
  .catch((err: unknown) => {
    process.stderr.write(String(err));
    process.exit(1);
  });
