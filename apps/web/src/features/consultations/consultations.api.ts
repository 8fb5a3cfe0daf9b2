import {
  ConsultationParticipantResponseSchema,
  ConsultationResponseSchema,
  GuestInviteResponseSchema,
  ConsultationsResponseSchema,
  CSRF_COOKIE,
  CSRF_HEADER,
  JoinConsultationResponseSchema,
  type Consultation,
  ConsultationPresenceSchema,
  type ConsultationEventType,
  type ConsultationPresence,
  type ConsultationRole,
  type FeedbackRequest,
  type GuestContact,
  type GuestInvite,
  type JoinConsultationResponse,
} from '@parley/shared';
import { apiRequest, readCookie, type Parser } from '../../api/client';
import { BASE } from '../../api/common';
import { browserCanEncrypt } from '../calls';

export interface ConsultationListRequest {
  role?: ConsultationRole;
  /** One status or several, comma-separated. */
  status?: string;
  when?: 'upcoming' | 'past';
  limit?: number;
  before?: string;
}

/** `presence` of an answer (events, join), or null when it has none. */
export function presenceOf(data: unknown): ConsultationPresence | null {
  const presence =
    typeof data === 'object' && data !== null && 'presence' in data ? data.presence : undefined;
  const parsed = ConsultationPresenceSchema.safeParse(presence);
  return parsed.success ? parsed.data : null;
}

/** An events answer: only its presence is needed here. */
const PresenceIn: Parser<ConsultationPresence | null> = {
  safeParse: (data) => ({ success: true, data: presenceOf(data) }),
};

const one = (id: string) => `${BASE}/consultations/${encodeURIComponent(id)}`;

async function action(id: string, name: string, body?: unknown): Promise<Consultation> {
  return (
    await apiRequest(`${one(id)}/${name}`, {
      method: 'POST',
      body: body ?? {},
      schema: ConsultationResponseSchema,
    })
  ).consultation;
}

/** The consultations feature's HTTP calls. */
export const consultationsApi = {
  list: async (request: ConsultationListRequest = {}, signal?: AbortSignal): Promise<Consultation[]> => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const text = params.toString();
    return (
      await apiRequest(`${BASE}/consultations${text ? `?${text}` : ''}`, {
        schema: ConsultationsResponseSchema,
        signal,
      })
    ).consultations;
  },

  get: async (id: string, signal?: AbortSignal): Promise<Consultation> =>
    (await apiRequest(one(id), { schema: ConsultationResponseSchema, signal })).consultation,

  /** A client holds one of a provider's free slots; 409 `slot_taken` when someone else got it first. */
  hold: async (providerId: string, start: string, nickname?: string): Promise<Consultation> =>
    (
      await apiRequest(`${BASE}/consultations`, {
        method: 'POST',
        body: { providerId, start, ...(nickname ? { nickname } : {}) },
        schema: ConsultationResponseSchema,
      })
    ).consultation,

  /** A provider proposes a session to a client; the client accepts or declines it. */
  proposeNew: async (clientId: string, start: string): Promise<Consultation> =>
    (
      await apiRequest(`${BASE}/consultations`, {
        method: 'POST',
        body: { clientId, start },
        schema: ConsultationResponseSchema,
      })
    ).consultation,

  /**
   * A provider proposes a session to someone without an account (issue 19): they get a personal link,
   * e-mailed when the server can (`invite.emailed`), else for the provider to pass on.
   */
  proposeToGuest: async (
    guest: GuestContact,
    start: string,
  ): Promise<{ consultation: Consultation; invite: GuestInvite | null }> => {
    const answer = await apiRequest(`${BASE}/consultations`, {
      method: 'POST',
      body: { guest, start },
      schema: ConsultationResponseSchema,
    });
    return { consultation: answer.consultation, invite: answer.invite ?? null };
  },

  /** A fresh personal link for a guest client (the old one stops working), e-mailed again when possible. */
  newGuestInvite: async (id: string): Promise<GuestInvite> =>
    (
      await apiRequest(`${one(id)}/guest-invite`, {
        method: 'POST',
        body: {},
        schema: GuestInviteResponseSchema,
      })
    ).invite,

  confirm: (id: string) => action(id, 'confirm'),
  cancel: (id: string, reason?: string) => action(id, 'cancel', reason ? { reason } : {}),
  reschedule: (id: string, start: string) => action(id, 'reschedule', { start }),
  /** A provider proposes a new time for a booked consultation. */
  proposeTime: (id: string, start: string) => action(id, 'propose', { start }),
  accept: (id: string) => action(id, 'accept'),
  decline: (id: string) => action(id, 'decline'),

  /** A token and IFrame options for me, inside the join window; 409 `join_window_closed` outside it. */
  join: (
    id: string,
    choices: { audioMuted: boolean; videoMuted: boolean },
  ): Promise<JoinConsultationResponse> =>
    apiRequest(`${one(id)}/join`, {
      method: 'POST',
      // Whether this browser can encrypt: an encrypted session refuses it (required) or marks it (offered).
      body: { ...choices, e2eeSupported: browserCanEncrypt() },
      schema: JoinConsultationResponseSchema,
    }),

  /** What my browser saw; answers with who is in the call now, when the server says. */
  report: async (id: string, type: ConsultationEventType): Promise<ConsultationPresence | null> =>
    apiRequest(`${one(id)}/events`, { method: 'POST', body: { type }, schema: PresenceIn }),

  /** The same report from a page that is going away: a keepalive request outlives it. */
  reportWhileLeaving: (id: string, type: ConsultationEventType): void => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
    try {
      void fetch(`${one(id)}/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ type }),
        credentials: 'same-origin',
        keepalive: true,
      }).catch(() => undefined);
    } catch {
      // Nothing more can be done from a closing page.
    }
  },

  feedback: (id: string, body: FeedbackRequest): Promise<void> =>
    apiRequest(`${one(id)}/feedback`, { method: 'POST', body }),

  /** The client erases the consultation's chat. */
  eraseMessages: (id: string): Promise<void> => apiRequest(`${one(id)}/messages`, { method: 'DELETE' }),

  calendarUrl: (id: string): string => `${one(id)}/calendar.ics`,

  /** Either party proposes a third participant (issue 19); the client's own proposal is consented at once. */
  proposeParticipant: (id: string, body: { name: string; email?: string }) =>
    apiRequest(`${one(id)}/participants`, {
      method: 'POST',
      body,
      schema: ConsultationParticipantResponseSchema,
    }),

  /** The client agrees to a third participant; the answer carries their personal link. */
  consentParticipant: (id: string, participantId: string, chat: boolean) =>
    apiRequest(`${one(id)}/participants/${encodeURIComponent(participantId)}/consent`, {
      method: 'POST',
      body: { chat },
      schema: ConsultationParticipantResponseSchema,
    }),

  /** The client at any time; the provider only before the client's consent. */
  removeParticipant: (id: string, participantId: string): Promise<void> =>
    apiRequest(`${one(id)}/participants/${encodeURIComponent(participantId)}`, { method: 'DELETE' }),
};
