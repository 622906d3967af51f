// Prints the README's configuration table from the config schema, so the two cannot drift
// (a unit test checks that README lists every variable).
import { envSchema } from '../lib/config';

const rows = Object.entries(envSchema.shape).map(([name, schema]) => {
  const parsed = schema.safeParse(undefined);
  const fallback = parsed.success && parsed.data !== undefined ? `\`${String(parsed.data)}\`` : '—';
  return `| \`${name}\` | ${fallback} | ${schema.description ?? ''} |`;
});
process.stdout.write(['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n');
