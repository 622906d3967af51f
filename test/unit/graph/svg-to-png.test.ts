import { describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { getDag } from '../../../client';
import { renderDagSvg, svgToPng } from '../../../lib/graph';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which a PNG always starts with. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('PNG export', () => {
  const svg = renderDagSvg(getDag('weekly_retraining'), { states: { extract_events: 'success', train_model: 'running' } });
  const svgWidth = Number(svg.match(/^<svg [^>]*width="(\d+)"/)?.[1]);
  const svgHeight = Number(svg.match(/^<svg [^>]*height="(\d+)"/)?.[1]);

  test('writes a PNG at the requested width, keeping the aspect ratio', () => {
    const png = svgToPng(svg, { width: 800 });
    assert.deepEqual(png.subarray(0, 8), PNG_MAGIC);
    const { width, height } = pngSize(png);
    assert.equal(width, 800);
    assert.ok(Math.abs(height - Math.round((svgHeight * 800) / svgWidth)) <= 1, `height ${height} keeps ${svgWidth}x${svgHeight}`);
  });

  test("writes the SVG's own size when no width is asked for", () => {
    assert.deepEqual(pngSize(svgToPng(svg)), { width: svgWidth, height: svgHeight });
  });

  test('refuses a width that is not a positive pixel count, naming it', () => {
    for (const width of [0, -5, 2.5, 100_000]) {
      assert.throws(() => svgToPng(svg, { width }), { message: `svgToPng width ${width} is invalid: expected an integer from 1 to 16384 pixels` });
    }
  });
});

test('importing lib/graph loads neither dagre nor resvg until a picture is drawn', () => {
  // A fresh process: this test file itself has drawn pictures already.
  const script = [
    "require('../../../lib/graph');",
    'const loaded = () => Object.keys(require.cache).filter((k) => /@dagrejs|@resvg/.test(k)).length;',
    'const before = loaded();',
    "require('../../../lib/graph').renderDagSvg({ id: 'd', tasks: [{ id: 'a', kind: 'activity', deps: [] }] });",
    'console.log(JSON.stringify({ before, after: loaded() }));',
  ].join('\n');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: __dirname, encoding: 'utf8' });
  const { before, after } = JSON.parse(out) as { before: number; after: number };
  assert.equal(before, 0, 'nothing loaded at import');
  assert.ok(after > 0, 'dagre loaded by the first layout');
});
