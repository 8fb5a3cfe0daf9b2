// The calls module's public entry: what the app's wiring may use.
export { admitIn, AttendanceService } from './attendance.service.js';
export { CallViews } from './call-views.js';
export { registerCallCommands } from './calls.commands.js';
export { subscribeCallEvents, type CallEvent } from './calls.events.js';
export { CallsQueries } from './calls.queries.js';
export { CallsRepository, LIVE_STATUSES, type CallRow } from './calls.repository.js';
export { callsRoutes } from './calls.routes.js';
export { CallsService } from './calls.service.js';
export { CallsSweeper } from './calls.sweeper.js';
export { jitsiEventsRoutes } from './jitsi-events.routes.js';
