import type { Call } from '@parley/shared';
import type { Clock } from '../../lib/clock.js';
import { roomDisplayNames, type ChatRepositories } from '../chat/index.js';
import { presentCall } from './calls.presenter.js';
import {
  LIVE_STATUSES,
  type CallRow,
  type CallsRepository,
  type ParticipantWithUser,
} from './calls.repository.js';

/** Participants of live calls kept per call version, at most this long (names and avatars may change). */
const PARTICIPANT_CACHE_MS = 30_000;
const PARTICIPANT_CACHE_SIZE = 2_000;

export interface CallViewsDependencies {
  repos: ChatRepositories & { calls: CallsRepository };
  clock: Clock;
}

/**
 * Calls as a viewer sees them (a DM is named after the others), for the services' answers. One
 * instance is shared by the calls services, so a join (the hot path) presents the call without
 * reading its participants again while nothing changed.
 */
export class CallViews {
  /**
   * The participants last read for each live call, by the call's version. Every change to a call or
   * its participants bumps the version in the row, so another node's change is seen.
   */
  private readonly participantCache = new Map<
    string,
    { version: number; at: number; participants: ParticipantWithUser[] }
  >();

  constructor(private readonly deps: CallViewsDependencies) {}

  /** The call as `viewerId` sees it. */
  async present(row: CallRow, viewerId: string | null): Promise<Call> {
    const [call] = await this.presentMany([row], viewerId);
    return call!;
  }

  /** The call as it is now (after a change committed), else as `row` last showed it. */
  async current(row: CallRow, viewerId: string | null): Promise<Call> {
    return this.present((await this.deps.repos.calls.findById(row.id)) ?? row, viewerId);
  }

  async presentMany(rows: CallRow[], viewerId: string | null): Promise<Call[]> {
    const [participants, names] = await Promise.all([
      this.participantsFor(rows),
      roomDisplayNames(
        this.deps.repos,
        viewerId,
        rows.map((r) => r.room_id),
      ),
    ]);
    return rows.map((r) => presentCall(r, participants.get(r.id) ?? [], names.get(r.room_id) ?? ''));
  }

  /** One page of a call list: `limit` calls, and where the next page starts. */
  async page(rows: CallRow[], limit: number, viewerId: string | null) {
    const hasMore = rows.length > limit;
    const kept = rows.slice(0, limit);
    return {
      calls: await this.presentMany(kept, viewerId),
      nextBefore: hasMore ? kept[kept.length - 1]!.id : null,
    };
  }

  private async participantsFor(rows: CallRow[]): Promise<Map<string, ParticipantWithUser[]>> {
    const now = this.deps.clock.now().getTime();
    const found = new Map<string, ParticipantWithUser[]>();
    const missing: CallRow[] = [];
    for (const row of rows) {
      const cached = this.participantCache.get(row.id);
      if (cached && cached.version === Number(row.version) && now - cached.at < PARTICIPANT_CACHE_MS) {
        found.set(row.id, cached.participants);
      } else missing.push(row);
    }
    if (missing.length === 0) return found;
    const fetched = await this.deps.repos.calls.participantsOf(missing.map((r) => r.id));
    for (const row of missing) {
      const participants = fetched.get(row.id) ?? [];
      found.set(row.id, participants);
      if (!LIVE_STATUSES.includes(row.status)) {
        this.participantCache.delete(row.id);
        continue;
      }
      if (this.participantCache.size >= PARTICIPANT_CACHE_SIZE) {
        this.participantCache.delete(this.participantCache.keys().next().value!);
      }
      this.participantCache.set(row.id, { version: Number(row.version), at: now, participants });
    }
    return found;
  }
}
