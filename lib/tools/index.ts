export { ToolNotFoundError } from './errors';
export { PINNED_TOOLS, type PinnedTool, type ToolName } from './pinned-tools';
export { installPinned, locateTool, TOOLS_DIR } from './locate-tool';
export { mergeFolder } from './merge-folder';
