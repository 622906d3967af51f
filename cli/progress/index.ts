export { followRun, type FollowOptions } from './follow';
export { changeLines, formatElapsed, redraw, renderRun, taskBar } from './render';
