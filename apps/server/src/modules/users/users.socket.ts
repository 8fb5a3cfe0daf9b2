import { z } from 'zod';
import { handle, type SocketModule } from '../../realtime/socket-handlers.js';

/** Socket events about people. `whoami` answers from the handshake, so clients can check who they are. */
export const usersSocket: SocketModule = {
  whoami: handle(z.undefined(), (_input, { userId, username }) => ({ userId, username })),
};
