import { MAX_REACTIONS_PER_PERSON, type Message } from '@parley/shared';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { requireMember, requireWritable, type Actor } from './chat.access.js';
import { chatEvents } from './chat.events.js';
import type { ChatRepositories } from './chat.repository.js';
import { presentMessageFor } from './message-extras.js';

export interface ReactionsDependencies {
  uow: UnitOfWork<ChatRepositories>;
  clock: Clock;
}

/** Reactions (issue 20): one per person, message and emoji; idempotent both ways. */
export class ReactionsService {
  constructor(private readonly deps: ReactionsDependencies) {}

  private get repos(): ChatRepositories {
    return this.deps.uow.repos;
  }

  /**
   * Adds (`add`) or removes the actor's emoji on a message of a room they are in; answers the message
   * with the actor's `me`. The room gets `message:updated` and `reaction:changed` after the commit,
   * only when something changed.
   */
  async set(actor: Actor, messageId: string, emoji: string, add: boolean): Promise<Message> {
    const message = await this.repos.messages.findById(messageId);
    if (!message) throw Errors.messageNotFound();
    const { room } = await requireMember(this.repos, actor, message.room_id).catch(() => {
      throw Errors.messageNotFound();
    });
    requireWritable(room);
    if (message.deleted_at !== null) throw Errors.conflict('deletedNoReactions');
    const nowIso = this.deps.clock.now().toISOString();
    await this.deps.uow.run(async (tx) => {
      const changed = add
        ? await tx.reactions.add(messageId, actor.id, emoji, nowIso)
        : await tx.reactions.remove(messageId, actor.id, emoji);
      if (!changed) return;
      // Counted after the insert, in its transaction: the limit holds whatever was added before.
      if (add && (await tx.reactions.countBy(messageId, actor.id)) > MAX_REACTIONS_PER_PERSON) {
        throw Errors.reactionLimit(MAX_REACTIONS_PER_PERSON);
      }
      tx.emit(chatEvents.message('updated', message));
      tx.emit(
        chatEvents.reaction({ roomId: message.room_id, messageId, emoji, userId: actor.id, added: add }),
      );
    });
    return presentMessageFor(this.repos, messageId, actor.id);
  }
}
