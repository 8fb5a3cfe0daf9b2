import {
  SocketPresenceGetSchema,
  SocketPresenceSetSchema,
  SocketSendMessageSchema,
  SocketTypingSchema,
  type PresenceStatus,
} from '@parley/shared';
import type { PersonalLimits } from '../../lib/personal-limits.js';
import type { Presence } from '../../realtime/presence.js';
import { handle, type SocketContext, type SocketModule } from '../../realtime/socket-handlers.js';
import type { UsersService } from '../users/index.js';
import type { Actor } from './chat.access.js';
import type { MessagesService } from './messages.service.js';
import type { MembershipService } from './membership.service.js';

/** Chat over the socket: sending (acked after the commit), typing and presence. */
export function chatSocket(deps: {
  membership: MembershipService;
  messages: MessagesService;
  users: UsersService;
  presence: Presence;
  limits: PersonalLimits;
}): SocketModule {
  // The sender's current name and avatar (not the handshake's, which may be hours old).
  const actorOf = (context: SocketContext): Promise<Actor> => deps.users.get(context.userId);

  return {
    'message:send': handle(
      SocketSendMessageSchema,
      async ({ roomId, ...body }, context) => {
        await deps.limits.take(context.userId, 'messagesPerMinute');
        const { message } = await deps.messages.send(await actorOf(context), roomId, body);
        return message;
      },
      { needs: 'write' },
    ),

    // Others see it: a listen-only (read) token must not appear to type. Past the limit an event
    // is answered `rate_limited` and not forwarded.
    typing: handle(
      SocketTypingSchema,
      async ({ roomId, typing }, context) => {
        await deps.limits.take(context.userId, 'typingPerMinute');
        await deps.messages.typing(await actorOf(context), roomId, typing);
        return null;
      },
      { needs: 'write' },
    ),

    // Each change goes to every room the person is in.
    'presence:set': handle(SocketPresenceSetSchema, async ({ status }, context) => {
      await deps.limits.take(context.userId, 'presenceChangesPerMinute');
      deps.presence.set(context.userId, context.socketId, status);
      return null;
    }),

    /** Only people who share a room with the asker; anyone else is simply left out. */
    'presence:get': handle(SocketPresenceGetSchema, async ({ userIds }, context) => {
      const visible = await deps.membership.sharingARoomWith(context.userId, [...new Set(userIds)]);
      const statuses: Record<string, PresenceStatus> = await deps.presence.statusOf(visible);
      return statuses;
    }),
  };
}
