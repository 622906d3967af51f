import type { ModelVersion } from '../../lib/registry';
import { InvalidArgumentError } from '../main-wrapper';
import { defineCommand } from './command';
import { table, writeJson } from './output';

const json = { type: 'boolean', description: 'print the result as JSON' } as const;
const by = { type: 'string', required: true, value: '<name>', description: 'who makes the change; kept in the alias history' } as const;
const reason = { type: 'string', required: true, value: '<text>', description: 'why; kept in the alias history' } as const;
const DATABASE = 'Reads the registry in PostgreSQL named by DATABASE_URL (no Temporal needed).';

function versionNumber(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} ${JSON.stringify(text)} is invalid: expected a version number such as 3`);
  return n;
}

function metric(version: ModelVersion, name: string): string {
  const value = (version.metrics.candidate as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'number' ? value.toFixed(3) : '';
}

export const modelsListCommand = defineCommand({
  command: 'models list',
  positionals: [],
  summary: 'List the registered models with their latest version, champion and challenger.',
  options: { json },
  details: DATABASE,
  async run(args, { io, registry }) {
    const models = await registry().listModels();
    if (args.flag('json')) writeJson(io, models);
    else if (models.length === 0) io.stdout.write('no models registered yet; a weekly_retraining run registers its candidate\n');
    else io.stdout.write(table(['MODEL', 'LATEST', 'CHAMPION', 'CHALLENGER'], models.map((m) => [m.name, String(m.latestVersion ?? '-'), String(m.champion ?? '-'), String(m.challenger ?? '-')])));
  },
});

export const modelsShowCommand = defineCommand({
  command: 'models show',
  positionals: ['<model>'],
  summary: 'Show a model\'s versions (status, metrics, gate, lineage) and its champion history.',
  options: { json },
  details: DATABASE,
  async run(args, { io, registry }) {
    const model = args.positionals[0]!;
    const reg = registry();
    const versions = await reg.listVersions(model);
    const history = await reg.aliasHistory(model, 'champion');
    if (args.flag('json')) {
      writeJson(io, { model, versions, championHistory: history });
      return;
    }
    io.stdout.write(`${model}: ${versions.length} version(s)\n`);
    io.stdout.write(
      table(
        ['VERSION', 'STATUS', 'F1', 'ROC-AUC', 'GATE', 'CREATED', 'WORKFLOW'],
        versions.map((v) => [String(v.version), v.status, metric(v, 'f1'), metric(v, 'rocAuc'), v.gate.passed ? 'passed' : 'failed', v.createdAt, v.lineage.workflowId]),
      ),
    );
    if (history.length > 0) {
      io.stdout.write('\nchampion history:\n');
      io.stdout.write(table(['  AT', 'FROM', 'TO', 'BY', 'REASON'], history.map((h) => [`  ${h.at}`, String(h.fromVersion ?? '-'), String(h.toVersion ?? '-'), h.actor, h.reason])));
    }
  },
});

export const modelsPromoteCommand = defineCommand({
  command: 'models promote',
  positionals: ['<model>', '<version>'],
  summary: 'Make a version the champion (its gate must have passed).',
  options: { by, reason, json },
  details: `${DATABASE} Promoting the current champion again changes nothing.`,
  async run(args, { io, registry }) {
    const [model, versionText] = args.positionals as [string, string];
    const move = await registry().promoteToChampion(model, versionNumber(versionText, '<version>'), { actor: args.string('by')!, reason: args.string('reason')! });
    if (args.flag('json')) writeJson(io, move);
    else io.stdout.write(move.changed ? `${model}: champion ${move.from ?? '-'} → ${move.to}\n` : `${model}: version ${move.to} is already the champion; nothing changed\n`);
  },
});

export const modelsRollbackCommand = defineCommand({
  command: 'models rollback',
  positionals: ['<model>'],
  summary: 'Move the champion back to the previous one (or --to a version).',
  options: { by, reason, to: { type: 'string', value: '<version>', description: 'version to restore (default: the champion before the current one)' }, json },
  details: DATABASE,
  async run(args, { io, registry }) {
    const model = args.positionals[0]!;
    const to = args.string('to');
    const move = await registry().rollback(model, { actor: args.string('by')!, reason: args.string('reason')!, ...(to ? { to: versionNumber(to, '--to') } : {}) });
    if (args.flag('json')) writeJson(io, move);
    else io.stdout.write(move.changed ? `${model}: champion ${move.from ?? '-'} → ${move.to ?? '-'}\n` : `${model}: nothing to roll back; champion stays ${move.to ?? '-'}\n`);
  },
});
