import type { DatabaseKind } from '../../db/database.js';
import { UploadsRepository } from '../files/index.js';
import { MessagesRepository, type MessageRow, type NewMessage } from './messages.repository.js';
import { ReactionsRepository } from './reactions.repository.js';
import { RoomsRepository, type Executor } from './rooms.repository.js';
import { ThreadsRepository } from './threads.repository.js';

/** The chat tables, as the unit of work hands them out (`db/unit-of-work.ts`). */
export interface ChatRepositories {
  rooms: RoomsRepository;
  messages: MessagesRepository;
  /** Issue 20: files uploaded into rooms (attached on send, removed with their message or room). */
  uploads: UploadsRepository;
  /** Issue 20: reactions. */
  reactions: ReactionsRepository;
  /** Issue 20: thread follows and read markers. */
  threads: ThreadsRepository;
}

export function chatRepositories(db: Executor, kind: DatabaseKind): ChatRepositories {
  return {
    rooms: new RoomsRepository(db),
    messages: new MessagesRepository(db, kind),
    uploads: new UploadsRepository(db),
    reactions: new ReactionsRepository(db),
    threads: new ThreadsRepository(db),
  };
}

/** Why a send was refused at write time (the service turns it into the catalogue's error). */
export class SendRefused extends Error {
  constructor(readonly reason: 'archived' | 'not_member') {
    super(`send refused: ${reason}`);
  }
}

/**
 * Stores a user's message (next seq, and the sender's read marker moved to it). The seq bump takes the room's row lock first; membership and the archive flag are then read under
 * it, so a removal or an archive that committed first always wins over a racing send.
 */
export async function appendUserMessage(
  tx: ChatRepositories,
  message: NewMessage & { authorId: string },
): Promise<MessageRow> {
  if (message.threadId) {
    const row = await tx.messages.append(message, { unlessArchived: true });
    if (!row) throw new SendRefused('archived');
    // A thread reply leaves the room's read marker alone (the timeline does not show it).
    if ((await tx.rooms.roleOf(message.roomId, message.authorId)) === null) {
      throw new SendRefused('not_member');
    }
    return row;
  }
  // Sending reads the room up to one's own message, as in every chat app.
  const sent = await tx.messages.appendSent(message);
  if (!sent) throw new SendRefused('archived');
  if (!sent.member) throw new SendRefused('not_member');
  return sent.row;
}
