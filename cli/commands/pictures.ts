import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DAGS } from '../../client';
import type { TaskKind } from '../../common/dag';
import { renderDagSvg, runPictureOptions, svgToPng, type DagShape, type PictureTask } from '../../lib/graph';
import type { CliIo } from './context';
import { outputFile, pngWidth } from './option-schema';

/** The options of every command that writes a DAG picture. */
export const PICTURE_OPTIONS = {
  svg: { type: 'string', value: '<file.svg>', description: 'write the DAG picture as SVG to this file' },
  png: { type: 'string', value: '<file.png>', description: 'write the DAG picture as PNG to this file' },
  width: { type: 'string', value: '<px>', description: 'width of the PNG in pixels, 100 to 8000 (default: the size of the SVG)' },
} as const;

export const PictureOptionsSchema = z
  .object({ svg: outputFile('.svg').optional(), png: outputFile('.png').optional(), width: pngWidth.optional() })
  .refine((o) => o.width === undefined || o.png !== undefined, { path: ['width'], message: "expected --png <file.png> with it (the width is the PNG's)" });
export type PictureTargets = z.output<typeof PictureOptionsSchema>;

/** Draws the DAG (coloured by the run's tasks when given) to the files asked for; true when it wrote any. */
export function writePictures(io: CliIo, dag: DagShape, targets: PictureTargets, tasks?: readonly PictureTask[]): boolean {
  if (!targets.svg && !targets.png) return false;
  const svg = renderDagSvg(dag, tasks ? runPictureOptions(tasks, Date.now()) : {});
  if (targets.svg) {
    writeFileSync(targets.svg, svg);
    io.stdout.write(`wrote ${targets.svg}\n`);
  }
  if (targets.png) {
    writeFileSync(targets.png, svgToPng(svg, targets.width === undefined ? {} : { width: targets.width }));
    io.stdout.write(`wrote ${targets.png}\n`);
  }
  return true;
}

/**
 * The DAG a run belongs to, from the catalog; a run of a DAG this CLI does not know (a newer
 * deployment, a test DAG) is drawn from its task list, without dependencies, and says so.
 */
export function runDag(io: CliIo, workflowType: string, tasks: readonly (PictureTask & { kind?: TaskKind })[]): DagShape {
  if (Object.hasOwn(DAGS, workflowType)) return DAGS[workflowType]!;
  io.stderr.write(
    `warning: DAG ${workflowType} is not in this CLI's catalog (\`factory dags list\`): its picture shows the tasks without their dependencies\n`,
  );
  return { id: workflowType, tasks: tasks.map((t) => ({ id: t.taskId, kind: t.kind ?? 'activity', deps: [] })) };
}
