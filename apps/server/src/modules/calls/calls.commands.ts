import type { CommandRegistry } from '../chat/commands.js';
import type { CallsService } from './calls.service.js';
import type { MessagesService } from '../chat/messages.service.js';

/** `/jitsi [title]`: starts a call in the room (or answers with the one already going). */
export function registerCallCommands(
  registry: CommandRegistry,
  calls: CallsService,
  messages: MessagesService,
): void {
  registry.register({
    name: 'jitsi',
    usage: '/jitsi [title]',
    description: 'Start a video call in this room',
    async run({ actor, roomId, args }) {
      const { call, created, messageId } = await calls.start(actor, roomId, args.slice(0, 120));
      const message = messageId ? await messages.get(actor, messageId).catch(() => null) : null;
      return {
        callId: call.id,
        message,
        reply: created ? null : 'A call is already going on in this room: join it from its message',
      };
    },
  });
}
