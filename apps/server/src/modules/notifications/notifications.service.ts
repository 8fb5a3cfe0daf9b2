import type {
  DndSchedule,
  NotificationSettings,
  NotificationSettingsUpdate,
  RoomNotifications,
  RoomNotificationsRequest,
} from '@parley/shared';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { RealtimePort } from '../../realtime/realtime.port.js';
import type { NotificationsRepository } from './notifications.repository.js';
import { dndStateOf, presentSettings } from './notifications.presenter.js';

export interface NotificationsServiceDependencies {
  repo: NotificationsRepository;
  clock: Clock;
  /** Whether the server can send e-mail (`SMTP_URL`). */
  emailAvailable: boolean;
  /** The workspace's push setting `allowPreviews` (false until an admin allows previews). */
  previewAllowed: () => Promise<boolean>;
  /** Of `ids`, the people `viewerId` may see (the directory's rule); the others do not exist for them. */
  visiblePeople: (viewerId: string, ids: string[]) => Promise<string[]>;
  realtime: Pick<RealtimePort, 'toUser'>;
}

/** A person's notification preferences: do not disturb, e-mail, previews, and each room's level. */
export class NotificationsService {
  constructor(private readonly deps: NotificationsServiceDependencies) {}

  async get(userId: string): Promise<NotificationSettings> {
    return this.present(await this.deps.repo.settingsOf(userId));
  }

  /** Merges `patch` into the settings (absent: kept, null: cleared) and tells the person's other tabs. */
  async update(userId: string, patch: NotificationSettingsUpdate): Promise<NotificationSettings> {
    const now = this.deps.clock.now();
    const row = await this.deps.repo.settingsOf(userId);
    const dnd = dndStateOf(row);
    let until = dnd.until;
    if (patch.dnd?.until !== undefined) {
      until = patch.dnd.until === null ? null : this.future(patch.dnd.until, 'dnd.until', now);
    }
    let schedule = dnd.schedule;
    if (patch.dnd?.schedule !== undefined) {
      schedule = patch.dnd.schedule === null ? null : await this.checked(userId, patch.dnd.schedule);
    }
    const next = {
      user_id: userId,
      dnd_until: until,
      dnd_schedule: schedule === null ? null : JSON.stringify(schedule),
      digest_minutes:
        patch.email?.digestMinutes !== undefined ? patch.email.digestMinutes : (row?.digest_minutes ?? null),
      missed_calls:
        patch.email?.missedCalls !== undefined ? Number(patch.email.missedCalls) : (row?.missed_calls ?? 0),
      preview: patch.preview !== undefined ? Number(patch.preview) : (row?.preview ?? 0),
      updated_at: now.toISOString(),
    };
    await this.deps.repo.saveSettings(next);
    const settings = await this.present(next);
    this.deps.realtime.toUser(userId, 'notifications:settings', settings);
    return settings;
  }

  /** Stops the digest e-mail (the unsubscribe link); the other settings stay. */
  async stopDigest(userId: string): Promise<void> {
    const row = await this.deps.repo.settingsOf(userId);
    if (!row || row.digest_minutes === null) return;
    const next = { ...row, digest_minutes: null, updated_at: this.deps.clock.now().toISOString() };
    await this.deps.repo.saveSettings(next);
    this.deps.realtime.toUser(userId, 'notifications:settings', await this.present(next));
  }

  /** A member's level and mute for one room; 404 for a room they are not in (or that does not exist). */
  async setRoom(
    userId: string,
    roomId: string,
    request: RoomNotificationsRequest,
  ): Promise<RoomNotifications> {
    const now = this.deps.clock.now();
    const muteUntil =
      request.muteUntil === undefined || request.muteUntil === null
        ? null
        : this.future(request.muteUntil, 'muteUntil', now);
    const notifications: RoomNotifications = { level: request.level, muteUntil };
    const found = await this.deps.repo.setRoomNotify(roomId, userId, {
      notify_level: request.level,
      mute_until: muteUntil,
    });
    if (!found) throw Errors.roomNotFound();
    this.deps.realtime.toUser(userId, 'room:notifications', { roomId, notifications });
    return notifications;
  }

  private async present(row: Parameters<typeof presentSettings>[0]): Promise<NotificationSettings> {
    return presentSettings(row, {
      now: this.deps.clock.now(),
      emailAvailable: this.deps.emailAvailable,
      previewAllowed: await this.deps.previewAllowed(),
    });
  }

  /** `iso` as a UTC ISO time, if it is after `now`; 400 otherwise. */
  private future(iso: string, path: string, now: Date): string {
    const at = new Date(iso);
    if (at.getTime() <= now.getTime()) {
      throw Errors.validation([{ path, message: 'Choose a time in the future' }]);
    }
    return at.toISOString();
  }

  /** The schedule with each person to ring through once; 400 naming anyone the caller cannot see. */
  private async checked(userId: string, schedule: DndSchedule): Promise<DndSchedule> {
    const allowFrom = [...new Set(schedule.allowFrom)];
    const visible = new Set(allowFrom.length > 0 ? await this.deps.visiblePeople(userId, allowFrom) : []);
    const unknown = allowFrom.filter((id) => !visible.has(id));
    if (unknown.length > 0) {
      throw Errors.validation([
        { path: 'dnd.schedule.allowFrom', message: `Unknown people: ${unknown.join(', ')}` },
      ]);
    }
    return { ...schedule, allowFrom, days: [...schedule.days].sort((a, b) => a - b) };
  }
}
