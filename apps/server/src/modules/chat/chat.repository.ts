import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { MessagesRepository } from './messages.repository.js';
import { RoomsRepository } from './rooms.repository.js';

export interface ChatRepositories {
  rooms: RoomsRepository;
  messages: MessagesRepository;
}

/**
 * The chat tables, plus a unit of work: what must commit together (a membership change and its
 * system message, a seq and its message) runs in `transaction`, so nothing is half-written.
 */
export class ChatStore implements ChatRepositories {
  readonly rooms: RoomsRepository;
  readonly messages: MessagesRepository;

  constructor(private readonly db: Kysely<Database>) {
    this.rooms = new RoomsRepository(db);
    this.messages = new MessagesRepository(db);
  }

  transaction<T>(work: (tx: ChatRepositories) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .execute((trx) => work({ rooms: new RoomsRepository(trx), messages: new MessagesRepository(trx) }));
  }
}
