import type { Consultation, JoinConsultationResponse, Provider, Slot } from '@parley/shared';
import { DateTime } from 'luxon';
import { afterAll, beforeAll } from 'vitest';
import { MEMBER } from './api';
import { BOB } from './chat';

/** Consultation fixtures, as the server sends them. */

/** Runs the file's tests with the browser in `zone` (Intl and Date follow process.env.TZ). */
export function useTimeZone(zone: string) {
  let before: string | undefined;
  beforeAll(() => {
    before = process.env.TZ;
    process.env.TZ = zone;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
}

export function provider(over: Partial<Provider> = {}): Provider {
  return {
    id: BOB.id,
    username: BOB.username,
    displayName: BOB.displayName,
    avatarUrl: null,
    bio: 'Counsellor for stress, sleep and work–life balance.',
    specialities: ['Stress', 'Sleep'],
    languages: ['en', 'pt'],
    timezone: 'Europe/Berlin',
    sessionMinutes: 50,
    accepting: true,
    ...over,
  };
}

/** A slot `daysAhead` days from today at `hour:minute` in `zone`, `minutes` long, as UTC instants. */
export function slotAt(
  daysAhead: number,
  hour: number,
  minute = 0,
  zone = 'Europe/Lisbon',
  minutes = 50,
): Slot {
  const start = DateTime.now().setZone(zone).startOf('day').plus({ days: daysAhead }).set({ hour, minute });
  return {
    start: start.toUTC().toISO({ suppressMilliseconds: false }) ?? '',
    end: start.plus({ minutes }).toUTC().toISO({ suppressMilliseconds: false }) ?? '',
  };
}

const GRACE_PARTY = { id: MEMBER.id, displayName: MEMBER.displayName, avatarUrl: null };
const BOB_PARTY = { id: BOB.id, displayName: BOB.displayName, avatarUrl: null };

/** Grace (the signed-in MEMBER) as Bob's client, scheduled for `slot`. */
export function consultation(over: Partial<Consultation> = {}, slot: Slot = slotAt(1, 10)): Consultation {
  const start = over.start ?? slot.start;
  const end = over.end ?? slot.end;
  return {
    id: '0190b7a2-0000-7000-8000-000000000001',
    status: 'scheduled',
    role: 'client',
    provider: BOB_PARTY,
    client: GRACE_PARTY,
    start,
    end,
    heldUntil: null,
    bookedBy: 'client',
    proposal: null,
    roomId: 'r_consult_1',
    joinOpensAt: new Date(Date.parse(start) - 10 * 60_000).toISOString(),
    joinClosesAt: new Date(Date.parse(end) + 15 * 60_000).toISOString(),
    providerJoinedAt: null,
    clientJoinedAt: null,
    providerLeftAt: null,
    clientLeftAt: null,
    canceledBy: null,
    cancelReason: null,
    feedbackGiven: false,
    createdAt: '2026-03-01T09:00:00.000Z',
    history: [],
    ...over,
  };
}

/** A consultation whose join window is open now (it started `minutesAgo` minutes ago). */
export function liveConsultation(over: Partial<Consultation> = {}, minutesAgo = 2): Consultation {
  const start = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const end = new Date(Date.parse(start) + 50 * 60_000).toISOString();
  return consultation({ start, end, ...over });
}

export function joinAnswer(
  c: Consultation,
  over: Partial<JoinConsultationResponse> = {},
): JoinConsultationResponse {
  return {
    consultation: c,
    roomName: c.id,
    url: `https://meet.example.org/${c.id}?jwt=token`,
    jwt: 'header.payload.signature',
    iframe: {
      roomName: c.id,
      jwt: 'header.payload.signature',
      configOverwrite: { prejoinPageEnabled: false, startWithAudioMuted: false, startWithVideoMuted: false },
      interfaceConfigOverwrite: {},
      userInfo: { displayName: c.role === 'client' ? c.client.displayName : c.provider.displayName },
    },
    domain: 'meet.example.org',
    scriptUrl: 'https://meet.example.org/external_api.js',
    ...over,
  };
}
