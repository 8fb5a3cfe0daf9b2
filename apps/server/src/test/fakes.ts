import type { PublicUser } from '@parley/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../lib/clock.js';
import { UsersRepository } from '../modules/users/index.js';
import type { AuthInvalidation } from '../lib/principal-cache.js';
import type { RealtimePort } from '../realtime/realtime.port.js';

/** A clock that stands still until the test moves it. */
export function fixedClock(
  start = '2026-11-23T10:00:00.000Z',
): Clock & { advance(ms: number): void; set(iso: string): void } {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (iso) => {
      now = Date.parse(iso);
    },
  };
}

export type RealtimeCall =
  | { kind: 'broadcast' | 'toUser'; event: string; userId?: string; args: unknown[] }
  | { kind: 'toRoom'; event: string; roomId: string; args: unknown[] }
  | { kind: 'toGuest'; event: string; guestId: string; args: unknown[] }
  | { kind: 'toUsers' | 'broadcastExcept'; event: string; userIds: string[]; args: unknown[] }
  | { kind: 'joinRoom' | 'leaveRoom'; userIds: string[]; roomId: string }
  | { kind: 'endSessions'; ids: string[] }
  | { kind: 'endTokens'; ids: string[] }
  | { kind: 'endUser'; userId: string }
  | { kind: 'invalidateAuth'; what: AuthInvalidation };

/** A realtime port that records what services asked it to do, in order. */
export function recordingRealtime(): RealtimePort & { calls: RealtimeCall[] } {
  const calls: RealtimeCall[] = [];
  return {
    calls,
    broadcast: (event, ...args) => void calls.push({ kind: 'broadcast', event, args }),
    broadcastExcept: (userIds, event, ...args) =>
      void calls.push({ kind: 'broadcastExcept', event, userIds, args }),
    toUser: (userId, event, ...args) => void calls.push({ kind: 'toUser', event, userId, args }),
    toRoom: (roomId, event, ...args) => void calls.push({ kind: 'toRoom', event, roomId, args }),
    toUsers: (userIds, event, ...args) => void calls.push({ kind: 'toUsers', event, userIds, args }),
    toGuest: (guestId, event, ...args) => void calls.push({ kind: 'toGuest', event, guestId, args }),
    joinRoom: (userIds, roomId) => {
      calls.push({ kind: 'joinRoom', userIds, roomId });
      return Promise.resolve();
    },
    leaveRoom: (userIds, roomId) => {
      calls.push({ kind: 'leaveRoom', userIds, roomId });
      return Promise.resolve();
    },
    endSessions: (ids) => void calls.push({ kind: 'endSessions', ids }),
    endTokens: (ids) => void calls.push({ kind: 'endTokens', ids }),
    endUser: (userId) => void calls.push({ kind: 'endUser', userId }),
    invalidateAuth: (what) => {
      calls.push({ kind: 'invalidateAuth', what });
      return Promise.resolve();
    },
  };
}

/** Stores a user row as a service test's fixture person (no password, no sign-in). */
export async function insertPerson(
  db: Kysely<Database>,
  person: PublicUser,
  nowIso: string,
  avatarFile: string | null = null,
): Promise<void> {
  await new UsersRepository(db, 'sqlite').insert({
    id: person.id,
    username: person.username,
    display_name: person.displayName,
    email: null,
    password_hash: 'x',
    role: person.role,
    avatar_file: avatarFile,
    created_at: nowIso,
    updated_at: nowIso,
  });
}
