import type {
  Consultation,
  ConsultationPresence,
  ConsultationRole,
  ConsultationsSettings,
} from '@parley/shared';
import type { ConsultationDetail, ConsultationRow, PartyColumns } from './consultations.repository.js';

/** What the join window needs from the settings. */
export type ConsultationTiming = Pick<ConsultationsSettings, 'joinLeadMinutes' | 'graceMinutes'>;

const avatarUrl = (u: PartyColumns): string | null => (u.avatar_file ? `/avatars/${u.avatar_file}` : null);

const shift = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/**
 * A consultation as `viewerId` (one of its two parties) sees it: `role` is theirs, and a provider
 * sees a client who gave a nickname under that nickname, without an avatar. Used for HTTP answers
 * and for each party's own `consultation:updated`.
 */
export function presentConsultation(
  detail: ConsultationDetail,
  viewerId: string,
  timing: ConsultationTiming,
): Consultation {
  const { row, provider, client } = detail;
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
