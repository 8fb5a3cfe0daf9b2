import type { DeviceSession } from '@parley/shared';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Principal } from '../../lib/principal.js';
import type { AuthEvents } from './auth.events.js';
import type { DeviceSessionRow, DeviceSessionsRepository } from './device-sessions.repository.js';

/** "Last used" moves at most this often per session (one write a minute, not one per request). */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export interface DeviceSessionsDependencies {
  repo: DeviceSessionsRepository;
  events: AuthEvents;
  clock: Clock;
  log: { error(obj: object, msg: string): void };
}

const present = (row: DeviceSessionRow, currentId: string | null): DeviceSession => ({
  id: row.public_id,
  current: row.id === currentId,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  userAgent: row.user_agent,
  ip: row.ip,
  signedInWith: row.signed_in_with,
});

/** The signed-in devices on the profile: each session, when and where it was last used, sign-out per device. */
export class DeviceSessionsService {
  /** When this node last recorded a use of each session (ms), so most requests write nothing. */
  private readonly touched = new Map<string, number>();
  private readonly writing = new Set<Promise<void>>();

  constructor(private readonly deps: DeviceSessionsDependencies) {}

  /** The person's live sessions, newest first; `current` marks the one asking (none for an API token). */
  async list(principal: Principal): Promise<DeviceSession[]> {
    const rows = await this.deps.repo.listActive(principal.user.id, this.deps.clock.now().toISOString());
    return rows.map((row) => present(row, principal.sessionId));
  }

  /**
   * Signs one of the person's devices out: the session ends, its sockets close and every node forgets
   * it at once. Someone else's session answers like a missing one.
   */
  async end(principal: Principal, publicId: string): Promise<{ current: boolean }> {
    const nowIso = this.deps.clock.now().toISOString();
    const id = await this.deps.repo.deleteActive(principal.user.id, publicId, nowIso);
    if (!id) throw Errors.notFound('sessionNotFound');
    this.touched.delete(id);
    await this.deps.events.sessionsEnded([id]);
    return { current: id === principal.sessionId };
  }

  /**
   * A request authenticated with this session: record when and from where, at most once a minute.
   * Off the request's path: the write is not awaited, and a failure is logged, never answered.
   */
  noteUse(sessionId: string, ip: string): void {
    const now = this.deps.clock.now().getTime();
    const last = this.touched.get(sessionId);
    if (last !== undefined && now >= last && now - last < SESSION_TOUCH_INTERVAL_MS) return;
    if (this.touched.size >= 10_000) this.touched.clear();
    this.touched.set(sessionId, now);
    const write = this.deps.repo
      .touch(sessionId, {
        nowIso: new Date(now).toISOString(),
        ip: ip.slice(0, 64),
        unlessSinceIso: new Date(now - SESSION_TOUCH_INTERVAL_MS).toISOString(),
      })
      .catch((err: unknown) => this.deps.log.error({ err }, 'a session’s last use could not be recorded'))
      .finally(() => this.writing.delete(write));
    this.writing.add(write);
  }

  /** Resolves once the uses recorded so far were written (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.writing]);
  }
}
