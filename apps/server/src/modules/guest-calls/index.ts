// The guest-calls module's public entry (issue 19): call guest links, the lobby, guests' sessions.
export {
  subscribeGuestCallEvents,
  type GuestCallEvent,
  type GuestCallEventsDependencies,
} from './guest-calls.events.js';
export type { GuestCallsDependencies } from './guest-calls.ports.js';
export { GuestCallsRepository } from './guest-calls.repository.js';
export { GuestCallsSweeper } from './guest-calls.sweeper.js';
export { guestLinksRoutes } from './guest-links.routes.js';
export { GuestLinksService } from './guest-links.service.js';
export { guestLobbyRoutes } from './guest-lobby.routes.js';
export { GuestLobbyService } from './guest-lobby.service.js';
export { LinkPasscodeAttempts } from './passcode-attempts.js';
