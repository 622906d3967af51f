export { ToolNotFoundError } from './errors';
export {
  isGoTool,
  PINNED_GO_TOOLS,
  PINNED_TOOLS,
  type GoToolName,
  type PinnedGoTool,
  type PinnedTool,
  type ToolName,
  type WheelToolName,
} from './pinned-tools';
export { GO_TOOLS_DIR, installPinned, locateTool, TOOLS_DIR } from './locate-tool';
export { mergeFolder } from './merge-folder';
