// Another service, in its own process: it knows only the package's public entry and the
// environment (TEMPORAL_ADDRESS). Prints the started run as one JSON line.
//   node --import tsx test/integration/client/service-start.ts <model> <logicalDate> [params JSON]
import { createFactoryClient } from '../../../index';

async function main(): Promise<void> {
  const [modelName = 'svc', logicalDate, extra = '{}'] = process.argv.slice(2);
  const factory = await createFactoryClient();
  try {
    const started = await factory.startRetraining({ modelName, epochs: 3, logicalDate, ...(JSON.parse(extra) as object) });
    process.stdout.write(`${JSON.stringify(started)}\n`);
  } finally {
    await factory.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`);
  process.exitCode = 1;
});
