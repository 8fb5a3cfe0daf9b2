// The users module's public entry: what other modules and the app's wiring may use.
export { AvatarStore } from './avatar-store.js';
export { avatarsRoutes } from './avatars.routes.js';
export { UsersEvents } from './users.events.js';
export { presentMe, presentPublicUser } from './users.presenter.js';
export {
  toAccount,
  UsersRepository,
  type Account,
  type AccountChange,
  type UserRow,
} from './users.repository.js';
export { usersRoutes } from './users.routes.js';
export { UsersService } from './users.service.js';
export { UsersSweeper } from './users.sweeper.js';
export { usersSocket } from './users.socket.js';
