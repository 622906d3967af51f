import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ArtifactRef } from '../../lib/artifacts';
import { loadConfig } from '../../lib/config';
import { svgToPng } from '../../lib/graph';
import { defineCommand } from './command';
import { versionNumber } from './models';
import { outputFolder, parseOptions, pngWidth } from './option-schema';
import { table, writeJson } from './output';

const options = {
  out: { type: 'string', required: true, value: '<dir>', description: 'folder to write the PNGs into (created when missing)' },
  width: { type: 'string', value: '<px>', description: 'width of each PNG in pixels, 100 to 8000 (default: the size of the plot)' },
  svg: { type: 'boolean', description: 'write the SVG next to each PNG too' },
  json: { type: 'boolean', description: 'print the files written as JSON' },
} as const;

const PlotsOptionsSchema = z.object({ out: outputFolder, width: pngWidth.optional() });

/** The version's pictures among its report artifacts: ROC, PR, confusion matrices, loss curve. */
function plotRefs(reports: Readonly<Record<string, ArtifactRef>>): [string, ArtifactRef][] {
  return Object.entries(reports).filter(([, ref]) => ref.uri.toLowerCase().endsWith('.svg'));
}

/** `roc-curve.svg` → `roc-curve`: the file name the evaluation gave the plot. */
function plotFileName(name: string, ref: ArtifactRef): string {
  const base = decodeURIComponent(ref.uri.split('/').pop() ?? '').replace(/\.svg$/i, '');
  return /^[A-Za-z0-9._-]+$/.test(base) ? base : name;
}

export const modelsPlotsCommand = defineCommand({
  command: 'models plots',
  positionals: ['<model>', '<version>'],
  summary: "Write a version's evaluation plots (ROC, PR, confusion matrices, loss) as PNG files for reports.",
  options,
  details: [
    'Reads the version in the registry (DATABASE_URL) and its plot artifacts from the artifact store the workers',
    'write to (ARTIFACT_STORE, default DATA_DIR/artifacts; S3 with the AWS_* variables), checking each against its',
    'sha256, then rasterises each SVG. The candidate, champion and baseline share the ROC and PR axes.',
    '',
    'example: factory models plots spam 7 --out reports/spam-v7 --width 1200',
  ].join('\n'),
  async run(args, { io, registry }) {
    const [model, versionText] = args.positionals as [string, string];
    const version = versionNumber(versionText, '<version>');
    const { out, width } = parseOptions(args, options, PlotsOptionsSchema);
    // Loaded here, not at the top: the store modules load the S3 SDK, which no other command needs.
    const { createArtifactStore, readAll } = require('../../lib/artifacts') as typeof import('../../lib/artifacts');
    // Config before the registry: a bad ARTIFACT_STORE is a usage error that reads nothing.
    const store = createArtifactStore(loadConfig(io.env));
    const found = await registry().getVersion(model, version);
    const plots = plotRefs(found.artifacts.reports);
    if (plots.length === 0) {
      io.stderr.write(`${model} v${version} has no plot artifacts (reports: ${Object.keys(found.artifacts.reports).join(', ') || 'none'})\n`);
      return;
    }
    mkdirSync(out, { recursive: true });
    const written: { plot: string; png: string; svg?: string; source: string }[] = [];
    for (const [name, ref] of plots) {
      const svg = (await readAll(await store.openRead(ref.uri, ref.sha256))).toString('utf8');
      const file = join(out, plotFileName(name, ref));
      writeFileSync(`${file}.png`, svgToPng(svg, width === undefined ? {} : { width }));
      if (args.flag('svg')) writeFileSync(`${file}.svg`, svg);
      written.push({ plot: name, png: `${file}.png`, ...(args.flag('svg') ? { svg: `${file}.svg` } : {}), source: ref.uri });
    }
    if (args.flag('json')) writeJson(io, { model, version, plots: written });
    else
      io.stdout.write(
        table(
          ['PLOT', 'FILE'],
          written.map((w) => [w.plot, w.png]),
        ),
      );
  },
});
