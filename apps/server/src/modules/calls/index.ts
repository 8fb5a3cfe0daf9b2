// The calls module's public entry: what the app's wiring may use.
export { registerCallCommands } from './calls.commands.js';
export { CallsRepository, CallsStore } from './calls.repository.js';
export { callsRoutes } from './calls.routes.js';
export { CallsService } from './calls.service.js';
export { jitsiEventsRoutes } from './jitsi-events.routes.js';
