import type { ConsultationRole, ConsultationsSettings } from '@parley/shared';
import type { Transaction } from '../../db/unit-of-work.js';
import { postSystemMessage, type ChatRepositories } from '../chat/index.js';
import type { ConsultationSessionRepository, SessionStateRow } from './consultation-session.repository.js';
import type { ConsultationPatch, ConsultationsRepository } from './consultations.repository.js';
import { consultationEvents } from './consultations.events.js';
import { insideWindow, LIVE_STATUSES } from './join-window.js';
import { partyName } from './party.js';
import type { ConsultationParticipantsRepository } from './participants.repository.js';

/** What a consultation's session reads and writes, with the chat its system lines go to. */
export type SessionRepositories = ChatRepositories & {
  consultations: ConsultationsRepository;
  consultationSessions: ConsultationSessionRepository;
  consultationParticipants: ConsultationParticipantsRepository;
};
export type SessionTransaction = Transaction<SessionRepositories>;

/** Who reports a presence change: a browser (`self`: about its own party) or Jitsi itself. */
export interface PresenceSource {
  source: 'browser' | 'server';
  self: boolean;
  by: string | null;
  at: string;
}

export type Device = 'camera' | 'microphone';
type Media = Partial<Record<ConsultationRole, Partial<Record<Device, boolean>>>>;

const COLUMNS = {
  provider: {
    inCall: 'provider_in_call',
    joinedAt: 'provider_joined_at',
    leftAt: 'provider_left_at',
    presenceAt: 'provider_presence_at',
  },
  client: {
    inCall: 'client_in_call',
    joinedAt: 'client_joined_at',
    leftAt: 'client_left_at',
    presenceAt: 'client_presence_at',
  },
} as const;

/**
 * Moves a party in or out of the call, under the row lock. `self`: the party's own report (or
 * Jitsi's), which also sets their joined/left times and starts a scheduled consultation; otherwise
 * the other party's browser, which moves only the flag. The chat's line commits with the change;
 * both parties are told after the commit.
 * True when something changed.
 */
export async function changePresence(
  tx: SessionTransaction,
  input: {
    id: string;
    party: ConsultationRole;
    inCall: boolean;
    from: PresenceSource;
    settings: ConsultationsSettings;
    nowMs: number;
  },
): Promise<boolean> {
  const { id, party, inCall, from, settings, nowMs } = input;
  const c = COLUMNS[party];
  const nowIso = new Date(nowMs).toISOString();
  {
    const row = await tx.consultationSessions.lock(id);
    if (!row || !LIVE_STATUSES.includes(row.status)) return false;
    const state = await tx.consultationSessions.state(id);
    const serverBefore = Number(state.server_events) === 1;
    if (from.source === 'browser' && serverBefore) return false;
    // No token can be had outside the window, so nobody can be in the call then, whoever says so
    // (the window as it is now, under the lock: a reschedule moves it).
    const inside = insideWindow(row, settings, nowMs);
    if (inCall && !inside) return false;
    const next: SessionStateRow = {
      ...state,
      server_events: from.source === 'server' && inside ? 1 : state.server_events,
    };
    // Jitsi's deliveries may come late, twice, or out of order: an older one changes nothing.
    const last = state[c.presenceAt];
    if (from.source === 'server' && serverBefore && last !== null && from.at < last) {
      return false;
    }
    const was = Number(row[c.inCall]) === 1;
    const patch: ConsultationPatch = {};
    const fields = patch as Record<string, unknown>;
    if (was !== inCall) fields[c.inCall] = inCall ? 1 : 0;
    if (from.self) {
      if (inCall) {
        if (row[c.joinedAt] === null) fields[c.joinedAt] = from.at;
        if (row[c.leftAt] !== null) fields[c.leftAt] = null;
      } else if (row[c.joinedAt] !== null && (was || row[c.leftAt] === null)) {
        fields[c.leftAt] = from.at;
      }
    }
    if (was !== inCall) {
      next[c.presenceAt] = from.at;
      // Back in the call: the next camera or microphone report is news again.
      if (inCall) next.media = JSON.stringify({ ...parseMedia(state.media), [party]: {} });
    }
    if (next.server_events !== state.server_events || next[c.presenceAt] !== state[c.presenceAt]) {
      await tx.consultationSessions.saveState(next);
    }
    const start = inCall && from.self && row.status === 'scheduled';
    if (Object.keys(patch).length === 0 && !start) return false;
    if (start) {
      const started = await tx.consultations.transition({
        id,
        from: 'scheduled',
        to: 'active',
        by: from.by,
        at: nowIso,
        reason: 'joined',
        version: Number(row.version),
        patch,
      });
      if (!started) return false;
    } else {
      await tx.consultationSessions.update(id, patch, nowIso);
    }
    const moved = was !== inCall;
    const updated = start || c.joinedAt in patch || c.leftAt in patch;
    if (moved && row.room_id !== null) {
      const detail = await tx.consultations.detail(id);
      if (detail) {
        const text = `${partyName(detail, party)} ${inCall ? 'joined' : 'left'} the call`;
        await postSystemMessage(tx, { roomId: row.room_id, authorId: null, text, nowIso });
      }
    }
    if (updated) tx.emit(consultationEvents.changed(id, settings, moved));
    else if (moved) tx.emit(consultationEvents.presence(id));
    return true;
  }
}

/** A camera or microphone turned on or off by a party in the call: one chat line per change. */
export async function changeMedia(
  tx: SessionTransaction,
  input: { id: string; party: ConsultationRole; device: Device; on: boolean; nowIso: string },
): Promise<void> {
  const { id, party, device, on, nowIso } = input;
  {
    const row = await tx.consultationSessions.lock(id);
    if (!row || !LIVE_STATUSES.includes(row.status) || Number(row[COLUMNS[party].inCall]) !== 1) return;
    const state = await tx.consultationSessions.state(id);
    const media = parseMedia(state.media);
    if (media[party]?.[device] === on) return;
    media[party] = { ...media[party], [device]: on };
    await tx.consultationSessions.saveState({ ...state, media: JSON.stringify(media) });
    const detail = await tx.consultations.detail(id);
    if (detail?.row.room_id) {
      const text = `${partyName(detail, party)} turned their ${device} ${on ? 'on' : 'off'}`;
      await postSystemMessage(tx, { roomId: detail.row.room_id, authorId: null, text, nowIso });
    }
  }
}

/** From now on Jitsi's events alone set who is in the call (under the row lock). */
export async function markServerEvents(tx: SessionTransaction, id: string): Promise<void> {
  if (!(await tx.consultationSessions.lock(id))) return;
  const state = await tx.consultationSessions.state(id);
  if (Number(state.server_events) !== 1) {
    await tx.consultationSessions.saveState({ ...state, server_events: 1 });
  }
}

function parseMedia(json: string): Media {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}
