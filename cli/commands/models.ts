import type { ModelVersion } from '../../lib/registry';
import { InvalidArgumentError } from '../main-wrapper';
import { defineCommand } from './command';
import { table, writeJson } from './output';

const json = { type: 'boolean', description: 'print the result as JSON' } as const;
const by = { type: 'string', required: true, value: '<name>', description: 'who makes the change; kept in the alias history' } as const;
const reason = { type: 'string', required: true, value: '<text>', description: 'why; kept in the alias history' } as const;
const DATABASE = 'Reads the registry in PostgreSQL named by DATABASE_URL (no Temporal needed).';

export function versionNumber(text: string, what: string): number {
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
    else
      io.stdout.write(
        table(
          ['MODEL', 'LATEST', 'CHAMPION', 'CHALLENGER'],
          models.map((m) => [m.name, String(m.latestVersion ?? '-'), String(m.champion ?? '-'), String(m.challenger ?? '-')]),
        ),
      );
  },
});

export const modelsShowCommand = defineCommand({
  command: 'models show',
  positionals: ['<model>'],
  summary: "Show a model's versions (status, metrics, gate, lineage) and its champion history.",
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
        versions.map((v) => [
          String(v.version),
          v.status,
          metric(v, 'f1'),
          metric(v, 'rocAuc'),
          v.gate.passed ? 'passed' : 'failed',
          v.createdAt,
          v.lineage.workflowId,
        ]),
      ),
    );
    if (history.length > 0) {
      io.stdout.write('\nchampion history:\n');
      io.stdout.write(
        table(
          ['  AT', 'FROM', 'TO', 'BY', 'REASON'],
          history.map((h) => [`  ${h.at}`, String(h.fromVersion ?? '-'), String(h.toVersion ?? '-'), h.actor, h.reason]),
        ),
      );
    }
  },
});

/** The champion `models promote` compares with: a version, null for "none yet", undefined with --force. */
function expectedChampion(text: string | undefined, force: boolean): number | null | undefined {
  if (text !== undefined && force) throw new InvalidArgumentError('--expected-champion and --force contradict each other: give one of them');
  if (text === undefined) {
    if (force) return undefined;
    throw new InvalidArgumentError(
      "models promote moves the champion outside any run's approval: say which champion you compared against with " +
        '--expected-champion <N|none> (nothing moves if another version took the alias since), or pass --force to promote regardless',
    );
  }
  return text === 'none' ? null : versionNumber(text, '--expected-champion');
}

export const modelsPromoteCommand = defineCommand({
  command: 'models promote',
  positionals: ['<model>', '<version>'],
  summary: "Make a version the champion by hand (its gate must have passed); bypasses the run's approval.",
  options: {
    by,
    reason,
    'expected-champion': {
      type: 'string',
      value: '<N|none>',
      description: 'the champion you compared against; refused if another version holds the alias now',
    },
    force: { type: 'boolean', description: 'promote whatever the champion is now (instead of --expected-champion)' },
    json,
  },
  details:
    `${DATABASE} Promoting the current champion again changes nothing. This bypasses the approval step of ` +
    'weekly_retraining runs (use `factory approve` for a run that waits); the alias history records the actor as cli:<by>.',
  async run(args, { io, registry }) {
    const [model, versionText] = args.positionals as [string, string];
    const version = versionNumber(versionText, '<version>');
    const expected = expectedChampion(args.string('expected-champion'), args.flag('force'));
    io.stderr.write(
      `warning: promoting ${model} v${version} by hand bypasses any run's approval step (approve_promotion)` +
        `${expected === undefined ? ' and, with --force, the expected-champion check' : ''}\n`,
    );
    const move = await registry().promoteToChampion(model, version, {
      actor: `cli:${args.string('by')!}`,
      reason: args.string('reason')!,
      ...(expected === undefined ? {} : { expectedChampion: expected }),
    });
    if (args.flag('json')) writeJson(io, move);
    else
      io.stdout.write(
        move.changed ? `${model}: champion ${move.from ?? '-'} → ${move.to}\n` : `${model}: version ${move.to} is already the champion; nothing changed\n`,
      );
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
    const move = await registry().rollback(model, {
      actor: args.string('by')!,
      reason: args.string('reason')!,
      ...(to ? { to: versionNumber(to, '--to') } : {}),
    });
    if (args.flag('json')) writeJson(io, move);
    else
      io.stdout.write(
        move.changed ? `${model}: champion ${move.from ?? '-'} → ${move.to ?? '-'}\n` : `${model}: nothing to roll back; champion stays ${move.to ?? '-'}\n`,
      );
  },
});
