// The chat module's public entry: what other modules (calls, consultations) and the app's wiring may use.
export type { Actor } from './chat.access.js';
export { registerChatCommands } from './chat.commands.js';
export { subscribeChatEvents, type ChatEvent } from './chat.events.js';
export { presentUser } from './chat.presenter.js';
export { chatRepositories, type ChatRepositories } from './chat.repository.js';
export { chatRoutes } from './chat.routes.js';
export { chatSocket } from './chat.socket.js';
export { CommandRegistry } from './commands.js';
export { MembershipService } from './membership.service.js';
export { MessagesService, postSystemMessage, purgeRoom, type SystemMessage } from './messages.service.js';
export { ReactionsService } from './reactions.service.js';
export { SendBatcher } from './send-batcher.js';
export { reactionsRoutes } from './reactions.routes.js';
export { ThreadsService } from './threads.service.js';
export { threadsRoutes } from './threads.routes.js';
export { aliased } from './rooms.repository.js';
export { UploadsService } from './uploads.service.js';
export { uploadsRoutes } from './uploads.routes.js';
export {
  RoomsService,
  addOwnedRoomMember,
  createOwnedRoom,
  removeOwnedRoomMember,
  roomDisplayNames,
} from './rooms.service.js';
