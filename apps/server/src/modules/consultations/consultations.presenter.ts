import type {
  Consultation,
  ConsultationParticipant,
  ConsultationPresence,
  ConsultationRole,
  ConsultationsSettings,
} from '@parley/shared';
import type { ConsultationDetail, ConsultationRow, PartyColumns } from './consultations.repository.js';
import type { ParticipantRow } from './participants.repository.js';

/** What the join window needs from the settings. */
export type ConsultationTiming = Pick<ConsultationsSettings, 'joinLeadMinutes' | 'graceMinutes'>;

const avatarUrl = (u: PartyColumns): string | null => (u.avatar_file ? `/avatars/${u.avatar_file}` : null);

const shift = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** A third participant as the two parties see them (issue 19). */
export function presentParticipant(p: ParticipantRow): ConsultationParticipant {
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    proposedBy: p.proposed_by,
    proposedAt: p.proposed_at,
    consentAt: p.consent_at,
    consentBy: p.consent_by,
    chat: Number(p.chat) === 1,
    removedAt: p.removed_at,
    joinedAt: p.joined_at,
  };
}

/** The third participant `viewerId` is in this consultation: consented to and not removed. */
export function admittedParticipant(
  detail: ConsultationDetail,
  viewerId: string,
): ParticipantRow | undefined {
  return detail.participants.find(
    (p) => p.user_id === viewerId && p.consent_at !== null && p.removed_at === null,
  );
}

/**
 * A consultation as `viewerId` (one of its two parties) sees it: `role` is theirs, and a provider
 * sees a client who gave a nickname under that nickname, without an avatar. Used for HTTP answers
 * and for each party's own `consultation:updated`. A third participant the client let in sees the
 * reduced form (`presentForParticipant`).
 */
export function presentConsultation(
  detail: ConsultationDetail,
  viewerId: string,
  timing: ConsultationTiming,
): Consultation {
  const { row, provider, client } = detail;
  if (row.provider_id !== viewerId && row.client_id !== viewerId) {
    const participant = admittedParticipant(detail, viewerId);
    if (participant) return presentForParticipant(detail, participant, timing);
  }
  const role = row.provider_id === viewerId ? 'provider' : 'client';
  const anonymous = role === 'provider' && row.client_nickname !== null;
  return {
    id: row.id,
    status: row.status,
    role,
    provider: { id: provider.id, displayName: provider.display_name, avatarUrl: avatarUrl(provider) },
    client: {
      ...(anonymous
        ? { id: client.id, displayName: row.client_nickname!, avatarUrl: null }
        : { id: client.id, displayName: client.display_name, avatarUrl: avatarUrl(client) }),
      // A client without an account (issue 19): the provider offers them a new link, not a sign-in.
      ...(Number(client.guest) === 1 ? { guest: true } : {}),
    },
    start: row.start_at,
    end: row.end_at,
    heldUntil: row.held_until,
    bookedBy: row.booked_by,
    proposal:
      row.proposal_start !== null && row.proposal_end !== null
        ? { start: row.proposal_start, end: row.proposal_end, at: row.proposal_at ?? row.updated_at }
        : null,
    roomId: row.room_id,
    joinOpensAt: shift(row.start_at, -timing.joinLeadMinutes),
    joinClosesAt: shift(row.end_at, timing.graceMinutes),
    providerJoinedAt: row.provider_joined_at,
    clientJoinedAt: row.client_joined_at,
    providerLeftAt: row.provider_left_at,
    clientLeftAt: row.client_left_at,
    canceledBy: row.canceled_by,
    cancelReason: row.cancel_reason,
    feedbackGiven: detail.feedbackFrom.includes(viewerId),
    createdAt: row.created_at,
    history: detail.history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      by: h.by_user_id,
      at: h.at,
      reason: h.reason,
      previousStart: h.previous_start,
    })),
    participants: detail.participants.map(presentParticipant),
  };
}

/**
 * What a third participant sees (issue 19): who and when, the join window and whether each party is
 * there; not the history, proposals, cancellation reasons or other participants, and the chat room
 * only when the client let them into the chat. The client appears as the provider sees them.
 */
function presentForParticipant(
  detail: ConsultationDetail,
  participant: ParticipantRow,
  timing: ConsultationTiming,
): Consultation {
  const { row, provider, client } = detail;
  return {
    id: row.id,
    status: row.status,
    role: 'participant',
    provider: { id: provider.id, displayName: provider.display_name, avatarUrl: avatarUrl(provider) },
    client:
      row.client_nickname !== null
        ? { id: client.id, displayName: row.client_nickname, avatarUrl: null }
        : { id: client.id, displayName: client.display_name, avatarUrl: avatarUrl(client) },
    start: row.start_at,
    end: row.end_at,
    heldUntil: null,
    bookedBy: row.booked_by,
    proposal: null,
    roomId: Number(participant.chat) === 1 ? row.room_id : null,
    joinOpensAt: shift(row.start_at, -timing.joinLeadMinutes),
    joinClosesAt: shift(row.end_at, timing.graceMinutes),
    providerJoinedAt: row.provider_joined_at,
    clientJoinedAt: row.client_joined_at,
    providerLeftAt: row.provider_left_at,
    clientLeftAt: row.client_left_at,
    canceledBy: row.canceled_by,
    cancelReason: null,
    feedbackGiven: false,
    createdAt: row.created_at,
    history: [],
  };
}

/** Who is in the consultation's call, and who is in it without end-to-end encryption. */
export function presenceOf(
  row: ConsultationRow,
  unencrypted: readonly ConsultationRole[] = [],
): ConsultationPresence {
  return {
    consultationId: row.id,
    providerInCall: Number(row.provider_in_call) === 1,
    clientInCall: Number(row.client_in_call) === 1,
    ...(unencrypted.length > 0 ? { unencrypted: [...unencrypted] } : {}),
  };
}
