import { UploadsRepository } from '../files/index.js';
import { MessagesRepository, type MessageRow, type NewMessage } from './messages.repository.js';
import { RoomsRepository, type Executor } from './rooms.repository.js';

/** The chat tables, as the unit of work hands them out (`db/unit-of-work.ts`). */
export interface ChatRepositories {
  rooms: RoomsRepository;
  messages: MessagesRepository;
  /** Issue 20: files uploaded into rooms (attached on send, removed with their message or room). */
  uploads: UploadsRepository;
}

export function chatRepositories(db: Executor): ChatRepositories {
  return {
    rooms: new RoomsRepository(db),
    messages: new MessagesRepository(db),
    uploads: new UploadsRepository(db),
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
export async function appendUserMessage(tx: ChatRepositories, message: NewMessage): Promise<MessageRow> {
  const row = await tx.messages.append(message, { unlessArchived: true });
  if (!row) throw new SendRefused('archived');
  // Sending reads the room up to one's own message, as in every chat app; no row: not a member.
  if (message.authorId && !(await tx.rooms.markSentRead(message.roomId, message.authorId, row.seq))) {
    throw new SendRefused('not_member');
  }
  return row;
}
