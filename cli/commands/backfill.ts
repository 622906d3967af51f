import { z } from 'zod';
import { getDag } from '../../client';
import { planBackfill, runBackfill, type BackfillOutcome, type BackfillRun } from '../../schedules';
import { InvalidArgumentError } from '../main-wrapper';
import { defineCommand } from './command';
import { parseOptions } from './option-schema';
import { EXIT_CODES } from './exit-codes';
import { table, writeJson } from './output';
import { parseParamFlags } from './params';

const ISO = 'an ISO date or instant such as 2002-09-02 or 2002-09-02T00:00:00Z';
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { message: `expected ${ISO}` });

const BackfillOptionsSchema = z.object({
  from: instant,
  to: instant,
  'max-active': z.coerce
    .number({ message: 'expected an integer from 1 to 20' })
    .int('expected an integer from 1 to 20')
    .min(1, 'expected an integer from 1 to 20')
    .max(20, 'expected an integer from 1 to 20')
    .default(1),
});

const options = {
  from: { type: 'string', required: true, value: 'ISO', description: `first week boundary to cover, ${ISO}` },
  to: { type: 'string', required: true, value: 'ISO', description: 'last week boundary to cover (inclusive)' },
  param: {
    type: 'string',
    multiple: true,
    value: 'key=value',
    description: 'a DAG param of every run, read as `factory run` reads it (weekly_retraining: --param modelName=spam)',
  },
  'dry-run': { type: 'boolean', description: 'print the runs it would start (ids, logical dates, data intervals) and start none' },
  wait: { type: 'boolean', description: 'wait for each run to end, at most --max-active at a time (Airflow max_active_runs)' },
  'max-active': { type: 'string', value: '<n>', description: 'with --wait, runs in flight at once, 1 to 20 (default 1)' },
  json: { type: 'boolean', description: 'print the plan or the outcome of every week as JSON' },
} as const;

/** planBackfill says `backfill from`; the user typed `--from`. */
function asUsage(err: unknown): never {
  if (err instanceof RangeError)
    throw new InvalidArgumentError(err.message.replace(/\bbackfill (from|to)\b/, '--$1').replace(/ after to /, ' after --to '), { cause: err });
  throw err;
}

function planRow(run: BackfillRun): string[] {
  return [run.workflowId, run.logicalDate, `${run.dataInterval.start} → ${run.dataInterval.end}`];
}

function outcomeText(o: BackfillOutcome): string {
  if (o.outcome === 'error') return `error: ${o.error}`;
  if (o.outcome === 'exists') return 'exists (not started again)';
  return o.result ? `started · ${o.result}` : 'started';
}

export const backfillCommand = defineCommand({
  command: 'backfill',
  positionals: ['<dag>'],
  summary: 'Start one run per week in [--from, --to] with run kind backfill; weeks that already have a run are left alone.',
  options,
  details: [
    'Each week gets the business-key id every starter uses (weekly_retraining/<model>/<ISO week>), so a week the',
    'Schedule, `factory run` or an earlier backfill already ran is reported as `exists` and not run twice; a week',
    'whose run failed is started again. Every week is checked (dates, params) before the first one starts: a bad',
    'value starts nothing (exit 2). Without --wait, all weeks start at once and run as the workers allow.',
    'Exit 1 when a start failed or, with --wait, a run failed.',
    '',
    'example: factory backfill weekly_retraining --from 2002-09-02 --to 2002-09-30 --param modelName=spam --dry-run',
  ].join('\n'),
  async run(args, { io, client }) {
    const dag = getDag(args.positionals[0]!);
    const { from, to, 'max-active': maxActive } = parseOptions(args, options, BackfillOptionsSchema);
    if (args.string('max-active') !== undefined && !args.flag('wait'))
      throw new InvalidArgumentError('--max-active limits runs in flight with --wait: give --wait too');
    const params = parseParamFlags(args.list('param'));
    let plan: BackfillRun[];
    try {
      plan = planBackfill({ dag: dag.id, from, to, params });
    } catch (err) {
      asUsage(err);
    }
    if (plan.length === 0) throw new InvalidArgumentError(`--from ${from} --to ${to} holds no week boundary (Monday 00:00 UTC): widen the range`);
    const json = args.flag('json');
    if (args.flag('dry-run')) {
      if (json) writeJson(io, { dryRun: true, runs: plan.map(({ prepared: _prepared, ...run }) => run) });
      else
        io.stdout.write(
          `would start ${plan.length} run(s) of ${dag.id} (dry run: nothing started)\n${table(['WORKFLOW ID', 'LOGICAL DATE', 'DATA INTERVAL'], plan.map(planRow))}`,
        );
      return;
    }
    const factory = await client();
    const outcomes = await runBackfill(factory.temporal, plan, { maxConcurrent: maxActive, waitForCompletion: args.flag('wait') });
    if (json) writeJson(io, { dryRun: false, runs: outcomes.map(({ run: { prepared: _prepared, ...run }, ...o }) => ({ ...run, ...o })) });
    else
      io.stdout.write(
        table(
          ['WORKFLOW ID', 'LOGICAL DATE', 'OUTCOME'],
          outcomes.map((o) => [o.run.workflowId, o.run.logicalDate, outcomeText(o)]),
        ),
      );
    const broken = outcomes.some((o) => o.outcome === 'error' || (o.outcome === 'started' && o.result === 'failed'));
    return broken ? EXIT_CODES.failed : EXIT_CODES.ok;
  },
});
