import { approveCommand, rejectCommand } from './approve';
import { backfillCommand } from './backfill';
import type { Command } from './command';
import { dagsGraphCommand, dagsListCommand, dagsShowCommand } from './dags';
import { modelsListCommand, modelsPromoteCommand, modelsRollbackCommand, modelsShowCommand } from './models';
import { modelsPlotsCommand } from './models-plots';
import { failRunCommand, retryCommand, skipCommand } from './operator';
import { rolloutAbortCommand, rolloutPauseCommand, rolloutPromoteCommand, rolloutResumeCommand } from './rollout';
import { runCommand } from './run';
import {
  schedulesApplyCommand,
  schedulesDeleteCommand,
  schedulesListCommand,
  schedulesPauseCommand,
  schedulesPreviewCommand,
  schedulesTriggerCommand,
  schedulesUnpauseCommand,
} from './schedules';
import { statusCommand } from './status';

/** Every command, in the order `factory --help` lists them. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  statusCommand,
  approveCommand,
  rejectCommand,
  retryCommand,
  skipCommand,
  failRunCommand,
  backfillCommand,
  rolloutPauseCommand,
  rolloutResumeCommand,
  rolloutPromoteCommand,
  rolloutAbortCommand,
  dagsListCommand,
  dagsShowCommand,
  dagsGraphCommand,
  schedulesApplyCommand,
  schedulesListCommand,
  schedulesPauseCommand,
  schedulesUnpauseCommand,
  schedulesTriggerCommand,
  schedulesDeleteCommand,
  schedulesPreviewCommand,
  modelsListCommand,
  modelsShowCommand,
  modelsPlotsCommand,
  modelsPromoteCommand,
  modelsRollbackCommand,
];
