import type { Call, NotRung } from '@parley/shared';
import type { CommandRegistry, MessagesService } from '../chat/index.js';
import type { CallsService } from './calls.service.js';

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
      const { call, created, messageId, notRung } = await calls.start(actor, roomId, args.slice(0, 120));
      const message = messageId ? await messages.get(actor, messageId).catch(() => null) : null;
      const quiet = notRung.length === 0 ? null : notRungReply(call.participants, notRung);
      return {
        callId: call.id,
        message,
        reply: created ? quiet : 'A call is already going on in this room: join it from its message',
      };
    },
  });
}

/** Said to the caller alone when the new call held back some rings (rung often lately, or declined). */
function notRungReply(participants: Call['participants'], notRung: NotRung[]): string {
  const name = (id: string) => participants.find((p) => p.user.id === id)?.user.displayName ?? 'Someone';
  const names = notRung.map((n) => name(n.userId)).join(', ');
  return `Not rung: ${names} (rung several times in the last few minutes, or declined your last call). They can still join from the room.`;
}
