import { readFileSync } from 'node:fs';
import { formatZodIssues } from '../../common/validation';
import { applySchedules, defaultSchedules, InvalidScheduleError, previewCron, ScheduleDefinitionSchema, type ScheduleDefinitionInput } from '../../schedules';
import { integerOption } from '../command-line';
import { InvalidArgumentError } from '../main-wrapper';
import { defineCommand } from './command';
import { table, writeJson } from './output';

const json = { type: 'boolean', description: 'print the result as JSON' } as const;

function definitionsFrom(file: string | undefined, options: { timeZone?: string; paused: boolean; note?: string }): ScheduleDefinitionInput[] {
  if (!file) return defaultSchedules(options);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InvalidArgumentError(`--file ${file} is not readable JSON (${(err as Error).message}): expected an array of schedule definitions`);
  }
  if (!Array.isArray(raw)) throw new InvalidArgumentError(`--file ${file} must hold a JSON array of schedule definitions (got ${typeof raw})`);
  return raw.map((item: unknown, i) => {
    const parsed = ScheduleDefinitionSchema.safeParse(item, { reportInput: true });
    if (parsed.success) return item as ScheduleDefinitionInput;
    const issues = formatZodIssues(parsed.error, { prefix: `[${i}]` });
    throw new InvalidArgumentError(`--file ${file}: ${issues.join('; ')}`);
  });
}

export const schedulesApplyCommand = defineCommand({
  command: 'schedules apply',
  positionals: [],
  summary: 'Create or update the schedules (idempotent: applying twice changes nothing).',
  options: {
    file: { type: 'string', value: '<defs.json>', description: 'JSON array of schedule definitions (default: the weekly retraining schedule of `npm start`)' },
    tz: { type: 'string', value: '<zone>', description: 'IANA time zone of the default schedule (default UTC)' },
    paused: { type: 'boolean', description: 'create the default schedule paused' },
    note: { type: 'string', value: '<text>', description: 'note on the default schedule (why it is paused)' },
    json,
  },
  details:
    'Every cron and time zone is checked before anything is sent; a changed definition updates the schedule in place (its history and the runs it started are kept).',
  async run(args, { io, client }) {
    const definitions = definitionsFrom(args.string('file'), { timeZone: args.string('tz'), paused: args.flag('paused'), note: args.string('note') });
    const outcomes = await applySchedules((await client()).temporal, definitions);
    if (args.flag('json')) writeJson(io, outcomes);
    else io.stdout.write(table(['SCHEDULE', 'OUTCOME'], Object.entries(outcomes)));
  },
});

export const schedulesListCommand = defineCommand({
  command: 'schedules list',
  positionals: [],
  summary: 'List the schedules with their state and next fire times.',
  options: { json },
  async run(args, { io, client }) {
    const temporal = (await client()).temporal;
    const rows: { id: string; workflowType: string; paused: boolean; note: string; nextFireTimes: string[] }[] = [];
    for await (const summary of temporal.schedule.list()) {
      // describe() rather than the list entry: visibility may lag behind a schedule just applied.
      const d = await temporal.schedule.getHandle(summary.scheduleId).describe();
      const workflowType = d.action.type === 'startWorkflow' ? d.action.workflowType : '';
      rows.push({
        id: d.scheduleId,
        workflowType,
        paused: d.state.paused,
        note: d.state.note ?? '',
        nextFireTimes: d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()),
      });
    }
    if (args.flag('json')) writeJson(io, rows);
    else if (rows.length === 0) io.stdout.write('no schedules; `factory schedules apply` creates the default ones\n');
    else
      io.stdout.write(
        table(
          ['SCHEDULE', 'DAG', 'STATE', 'NEXT FIRES', 'NOTE'],
          rows.map((r) => [r.id, r.workflowType, r.paused ? 'paused' : 'active', r.nextFireTimes.join(' '), r.note]),
        ),
      );
  },
});

function pauseCommand(pause: boolean) {
  return defineCommand({
    command: pause ? 'schedules pause' : 'schedules unpause',
    positionals: ['<scheduleId>'],
    summary: pause ? 'Pause a schedule (no new runs start; running ones go on).' : 'Unpause a schedule.',
    options: { note: { type: 'string', value: '<text>', description: 'why; shown in `schedules list` and the Web UI' } },
    async run(args, { io, client }) {
      const id = args.positionals[0]!;
      const handle = (await client()).temporal.schedule.getHandle(id);
      const note = args.string('note');
      if (pause) await handle.pause(note);
      else await handle.unpause(note);
      io.stdout.write(`${id} ${pause ? 'paused' : 'unpaused'}\n`);
    },
  });
}

export const schedulesPauseCommand = pauseCommand(true);
export const schedulesUnpauseCommand = pauseCommand(false);

export const schedulesTriggerCommand = defineCommand({
  command: 'schedules trigger',
  positionals: ['<scheduleId>'],
  summary: "Start the schedule's action now (its overlap policy applies).",
  options: {},
  async run(args, { io, client }) {
    const id = args.positionals[0]!;
    await (await client()).temporal.schedule.getHandle(id).trigger();
    io.stdout.write(`${id} triggered; \`factory schedules list\` and the Web UI show the run\n`);
  },
});

export const schedulesDeleteCommand = defineCommand({
  command: 'schedules delete',
  positionals: ['<scheduleId>'],
  summary: 'Delete a schedule (runs it started are kept).',
  options: {},
  async run(args, { io, client }) {
    const id = args.positionals[0]!;
    await (await client()).temporal.schedule.getHandle(id).delete();
    io.stdout.write(`${id} deleted\n`);
  },
});

export const schedulesPreviewCommand = defineCommand({
  command: 'schedules preview',
  positionals: ['<cron>'],
  summary: 'Check a five-field cron expression and print its next fire times (no server needed).',
  options: {
    tz: { type: 'string', value: '<zone>', description: 'IANA time zone the expression is read in (default UTC)' },
    count: { type: 'string', value: '<n>', description: 'how many fire times (default 5)' },
    json,
  },
  details:
    'Fire times are computed as the Temporal server does: a time matches when all fields match, so a cron with both ' +
    'day-of-month and day-of-week (`0 3 13 * 5`) fires only when both hold (classic cron fires when either does). ' +
    "example: factory schedules preview '0 3 * * 1' --tz Europe/Berlin",
  async run(args, { io }) {
    const cron = args.positionals[0]!;
    const zone = args.string('tz') ?? 'UTC';
    const count = integerOption(args, 'count', 5, { max: 100 });
    let times: string[];
    try {
      times = previewCron('preview', cron, zone, count);
    } catch (err) {
      if (!(err instanceof InvalidScheduleError)) throw err;
      const what = err.field === 'timeZone' ? '--tz' : 'cron';
      throw new InvalidArgumentError(`${what} ${JSON.stringify(err.value)} is invalid: ${err.expected}`);
    }
    if (args.flag('json')) {
      writeJson(io, { cron, timeZone: zone, next: times });
      return;
    }
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    io.stdout.write(
      table(
        ['UTC', `LOCAL (${zone})`],
        times.map((t) => [t, local.format(new Date(t))]),
      ),
    );
  },
});
