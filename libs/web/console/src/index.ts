/**
 * The staff console (apps/web): NHS.UK pages for ward staff over the public GraphQL API.
 * It may use only the UI library and the contracts (an Nx tag rule in `npm run lint`):
 * everything it knows comes from the API, as the signed-in person.
 */
export { createStaffConsole } from './console-app';
export type { ConsoleOptions, StaffConsole } from './console-app';
export { startStaffConsole } from './console-server';
export type { RunningConsole } from './console-server';
export { loadConsoleConfig, ConsoleConfigError } from './console-config';
export type { ConsoleEnvironment } from './console-config';
