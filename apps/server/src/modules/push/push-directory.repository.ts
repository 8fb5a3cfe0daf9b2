import type { Kysely } from 'kysely';
import type { Database, RoomsTable } from '../../db/schema.js';

export interface PushPerson {
  id: string;
  displayName: string;
  /** Their chosen language, or null (the workspace's default). */
  locale: string | null;
}

export interface PushRoom {
  id: string;
  type: RoomsTable['type'];
  displayName: string;
  memberIds: string[];
}

export interface PushCall {
  id: string;
  roomId: string;
  status: string;
  participants: { userId: string; state: string }[];
}

export interface PushConsultation {
  id: string;
  providerId: string;
  clientId: string;
  status: string;
  canceledBy: 'client' | 'provider' | null;
  startAt: string;
}

/**
 * What the notifier reads about the people, rooms, calls and consultations an event names, after
 * its commit. Read-only, and only the columns a push needs.
 */
export class PushDirectoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async people(userIds: string[]): Promise<Map<string, PushPerson>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'display_name', 'locale'])
      .where('id', 'in', userIds)
      .where('active', '=', 1)
      .execute();
    return new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name, locale: r.locale }]));
  }

  /** Whether the person turned message previews on (notification settings; off by default). */
  async wantsPreview(userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('notification_settings')
      .select('preview')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(row?.preview ?? 0) === 1;
  }

  async room(roomId: string): Promise<PushRoom | null> {
    const room = await this.db
      .selectFrom('rooms')
      .select(['id', 'type', 'display_name'])
      .where('id', '=', roomId)
      .executeTakeFirst();
    if (!room) return null;
    const members = await this.db
      .selectFrom('room_members')
      .select('user_id')
      .where('room_id', '=', roomId)
      .execute();
    return {
      id: room.id,
      type: room.type,
      displayName: room.display_name,
      memberIds: members.map((m) => m.user_id),
    };
  }

  async call(callId: string): Promise<PushCall | null> {
    const call = await this.db
      .selectFrom('calls')
      .select(['id', 'room_id', 'status'])
      .where('id', '=', callId)
      .executeTakeFirst();
    if (!call) return null;
    const participants = await this.db
      .selectFrom('call_participants')
      .select(['user_id', 'state'])
      .where('call_id', '=', callId)
      .execute();
    return {
      id: call.id,
      roomId: call.room_id,
      status: call.status,
      participants: participants.map((p) => ({ userId: p.user_id, state: p.state })),
    };
  }

  async consultation(consultationId: string): Promise<PushConsultation | null> {
    const row = await this.db
      .selectFrom('consultations')
      .select(['id', 'provider_id', 'client_id', 'status', 'canceled_by', 'start_at'])
      .where('id', '=', consultationId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      providerId: row.provider_id,
      clientId: row.client_id,
      status: row.status,
      canceledBy: row.canceled_by,
      startAt: row.start_at,
    };
  }
}
