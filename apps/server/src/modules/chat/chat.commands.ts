import { randomUUID } from 'node:crypto';
import { MESSAGE_MAX_LENGTH, TOPIC_MAX_LENGTH, TopicSchema } from '@parley/shared';
import { Errors, type ErrorName } from '../../errors.js';
import type { TextValues } from '../../i18n/index.js';
import type { PersonalLimits } from '../../lib/personal-limits.js';
import type { CommandRegistry } from './commands.js';
import type { MessagesService } from './messages.service.js';
import type { MembershipService } from './membership.service.js';
import type { RoomsService } from './rooms.service.js';

const usage = (name: ErrorName, values?: TextValues) => Errors.invalidField('text', name, values);

/** The shared topic schema's complaints (humanTextSchema's wording) as catalogue messages. */
const TOPIC_PROBLEMS: Record<string, ErrorName> = {
  [`A topic has at most ${TOPIC_MAX_LENGTH} characters`]: 'topicTooLong',
  'A topic is required': 'topicRequired',
  'A topic contains text that is not valid Unicode': 'topicNotUnicode',
  'A topic cannot contain control characters': 'topicControl',
  'A topic cannot contain text-direction override characters': 'topicBidi',
  'A topic needs at least one visible character': 'topicInvisible',
};

/** The chat's own commands. */
export function registerChatCommands(
  registry: CommandRegistry,
  rooms: RoomsService,
  membership: MembershipService,
  messages: MessagesService,
  /** The per-person limits the same change over HTTP counts against (every command also counts as a message). */
  limits: Pick<PersonalLimits, 'take'>,
): void {
  registry.register({
    name: 'topic',
    usage: '/topic [text]',
    description: 'Set the room topic (empty clears it)',
    async run({ actor, roomId, args }) {
      const topic = TopicSchema.safeParse(args);
      if (!topic.success) {
        const problem = TOPIC_PROBLEMS[topic.error.issues[0]?.message ?? ''];
        throw usage(problem ?? 'topicInvalid', { max: TOPIC_MAX_LENGTH });
      }
      await limits.take(actor.id, 'roomChangesPerMinute');
      await rooms.update(actor, roomId, { topic: topic.data });
      // The room's system line ("@ada changed the topic to: …") says it, to everyone: no private echo.
      return { message: null, reply: null };
    },
  });

  registry.register({
    name: 'invite',
    usage: '/invite @username [@username…]',
    description: 'Add people to this room',
    async run({ actor, roomId, args }) {
      const names = [
        ...new Set(
          args
            .split(/[\s,]+/)
            .filter(Boolean)
            .map((n) => n.replace(/^@/, '').toLowerCase()),
        ),
      ];
      if (names.length === 0) throw usage('inviteWhom');
      const found = await membership.usersByUsername(names);
      const missing = names.filter((n) => !found.some((u) => u.username === n));
      if (missing.length > 0) throw usage('nobodyCalled', { names: missing.map((n) => `@${n}`).join(', ') });
      const before = new Set((await membership.members(actor, roomId)).map((m) => m.user.id));
      // As POST /rooms/:id/members counts them: one per person named.
      await limits.take(actor.id, 'membersAddedPerHour', found.length);
      await membership.addMembers(
        actor,
        roomId,
        found.map((u) => u.id),
      );
      // Whoever was added is announced by the room's system line; only who was there already is news
      // for the inviter alone.
      const already = found.filter((u) => before.has(u.id)).map((u) => `@${u.username}`);
      const reply =
        already.length > 0
          ? `${already.join(', ')} ${already.length === 1 ? 'is' : 'are'} already here`
          : null;
      return { message: null, reply };
    },
  });

  registry.register({
    name: 'leave',
    usage: '/leave',
    description: 'Leave this room',
    async run({ actor, roomId }) {
      await limits.take(actor.id, 'roomChangesPerMinute');
      await membership.leave(actor, roomId);
      // "@ada left" is the room's system line; the leaver's view moves out of the room.
      return { message: null, reply: null };
    },
  });

  registry.register({
    name: 'me',
    usage: '/me text',
    description: 'Say what you are doing ("/me waves" shows as "alice waves")',
    async run({ actor, roomId, args, clientMsgId }) {
      if (args === '') throw usage('meWhat');
      if (args.length > MESSAGE_MAX_LENGTH) {
        throw usage('messageTooLong', { max: MESSAGE_MAX_LENGTH });
      }
      const { message } = await messages.send(
        actor,
        roomId,
        { text: args, clientMsgId: clientMsgId ?? randomUUID().replaceAll('-', '') },
        { action: true },
      );
      return { message, reply: null };
    },
  });
}
