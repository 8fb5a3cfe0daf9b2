import type { Call, CallParticipant } from '@parley/shared';
import { presentUser } from '../chat/index.js';
import type { CallRow, ParticipantWithUser } from './calls.repository.js';

const presentParticipant = (p: ParticipantWithUser): CallParticipant => ({
  user: p.guest === 1 ? { ...presentUser(p.user), guest: true } : presentUser(p.user),
  state: p.state,
  joinedAt: p.joined_at,
  leftAt: p.left_at,
  moderator: Number(p.moderator) === 1,
  ...(Number(p.unencrypted) === 1 ? { unencrypted: true } : {}),
  ...(p.guest === 1 ? { guest: true } : {}),
});

export function presentCall(
  row: CallRow,
  participants: ParticipantWithUser[],
  roomDisplayName: string,
): Call {
  return {
    id: row.id,
    roomId: row.room_id,
    type: row.type,
    status: row.status,
    title: row.title,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    endReason: row.end_reason as Call['endReason'],
    roomName: row.room_name,
    ringing: Number(row.ringing) === 1,
    ringUntil: row.ring_until,
    participants: participants.map(presentParticipant),
    roomDisplayName,
  };
}

/** Seconds between start and end (or now), for history and CSV. */
export function durationSeconds(call: Pick<Call, 'startedAt' | 'endedAt'>): number | null {
  if (!call.startedAt || !call.endedAt) return null;
  return Math.max(0, Math.round((Date.parse(call.endedAt) - Date.parse(call.startedAt)) / 1000));
}
