// The web console: server-rendered pages (hono/jsx) over the views in console/views, live parts
// refreshed by htmx. `npm run console` serves it alone; `npm start` serves it beside the stack.
export { createConsoleApp, type ConsoleAppOptions } from './app';
export { startConfiguredConsole, startConsole, type ConfiguredConsoleInput, type ConsoleOptions, type RunningConsole } from './start-console';
export { loadOperatorToken, type OperatorTokenSettings } from './operator-token';
export type { ConsoleDeps } from './views';
export { createConsoleDeps, type ConsoleDepsInput } from './console-deps';
