import { createHash } from 'node:crypto';
import type { Message, PublicUser, PushSettings } from '@parley/shared';
import type { Clock } from '../../lib/clock.js';
import type { DomainEvents } from '../../lib/domain-events.js';
import type { CallEvent } from '../calls/index.js';
import type { ChatEvent } from '../chat/index.js';
import type { ConsultationEvent } from '../consultations/index.js';
import type { PushDeliveries } from './push-deliveries.js';
import type { PushDirectoryRepository, PushPerson } from './push-directory.repository.js';
import type { PushRepository } from './push.repository.js';
import type { PushMessage } from './push-sender.js';
import { englishPushTexts, type PushTextKey, type PushTexts } from './push.texts.js';

/** What a push is about, for the person's notification preferences. */
export interface PushPolicyEvent {
  kind: 'call' | 'message' | 'mention' | 'consultation';
  roomId?: string;
  fromUserId?: string;
}

/** Whether a person wants this now (room levels, do not disturb): the notifications module's. */
export interface PushPolicy {
  allows(userId: string, event: PushPolicyEvent): Promise<boolean>;
}

export const allowAll: PushPolicy = { allows: () => Promise.resolve(true) };

interface NotifierLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PushNotifierDependencies {
  directory: PushDirectoryRepository;
  repo: PushRepository;
  deliveries: PushDeliveries;
  /** Which of these people have a Parley tab or app open (a socket on any node): they get no push. */
  connected: (userIds: string[]) => Promise<Set<string>>;
  policy?: PushPolicy;
  texts?: PushTexts;
  /** The workspace's push settings (may pushes carry message text?). */
  settings: () => Promise<PushSettings>;
  /** How long calls ring (the calls settings): a ringing push lives as long. */
  ringTimeoutSeconds: () => Promise<number>;
  /** Whether the person turned message previews on (default: nobody). */
  wantsPreview?: (userId: string) => Promise<boolean>;
  clock: Clock;
  log: NotifierLogger;
}

type Of<E extends { type: string }, T extends E['type']> = Extract<E, { type: T }>;

/** RFC 8030 topics are at most 32 URL-safe characters: a digest of what the push is about. */
export const topicOf = (what: string): string =>
  createHash('sha256').update(what).digest('base64url').slice(0, 32);

const PREVIEW_LENGTH = 200;
/** A close is kept this long for a device that is offline now: it closes a ring that did arrive. */
const CLOSE_TTL_SECONDS = 60 * 60;
const MESSAGE_TTL_SECONDS = 24 * 60 * 60;
const CALL_OVER = new Set(['ended', 'missed', 'declined', 'canceled']);

/**
 * Turns committed changes into Web Push notifications for people with no open socket: a ringing
 * call (and the close once it is answered, declined or over), direct messages and mentions,
 * consultation reminders and cancellations. Handlers only queue the work: sending never delays
 * or fails the change that caused it. Work about one call runs in order (a close never overtakes
 * its ring); everything else runs side by side.
 */
export class PushNotifier {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private readonly texts: PushTexts;
  private readonly policy: PushPolicy;

  constructor(private readonly deps: PushNotifierDependencies) {
    this.texts = deps.texts ?? englishPushTexts;
    this.policy = deps.policy ?? allowAll;
  }

  subscribe(events: DomainEvents): void {
    events.on<Of<CallEvent, 'call.ringing'>>('call.ringing', (e) =>
      this.queue(`call:${e.callId}`, () => this.ring(e.callId, e.caller, e.calleeIds)),
    );
    for (const type of ['call.updated', 'call.ended'] as const) {
      events.on<Of<CallEvent, typeof type>>(type, (e) =>
        this.queue(`call:${e.callId}`, () => this.closeRings(e.callId, e.type === 'call.ended')),
      );
    }
    events.on<Of<ChatEvent, 'chat.message'>>('chat.message', (e) => {
      if (e.change !== 'new' || !e.message || e.message.kind !== 'user' || !e.message.author) return;
      const message = e.message;
      this.queue(`message:${message.id}`, () => this.message(message));
    });
    events.on<Of<ConsultationEvent, 'consultation.reminder'>>('consultation.reminder', (e) =>
      this.queue(`consultation:${e.consultationId}`, () => this.reminder(e.consultationId, e.startsIn)),
    );
    events.on<Of<ConsultationEvent, 'consultation.changed'>>('consultation.changed', (e) =>
      this.queue(`consultation:${e.consultationId}`, () => this.consultationChanged(e.consultationId)),
    );
  }

  /** Resolves once every queued push has been sent (or has failed): for shutdown and tests. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private queue(key: string, work: () => Promise<void>): void {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((err: unknown) =>
        this.deps.log.error({ err, about: key.split(':')[0] }, 'push notification failed'),
      );
    this.chains.set(key, next);
    this.pending.add(next);
    void next.finally(() => {
      this.pending.delete(next);
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** Of these people, those with no open socket whose preferences allow this push. */
  private async recipients(userIds: string[], event: PushPolicyEvent): Promise<string[]> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return [];
    const online = await this.deps.connected(unique);
    const offline = unique.filter((id) => !online.has(id));
    const allowed = await Promise.all(offline.map((id) => this.policy.allows(id, event)));
    return offline.filter((_, i) => allowed[i]);
  }

  private text(person: PushPerson, key: PushTextKey, values?: Record<string, string | number>): string {
    return this.texts(person.locale ?? 'en', key, values);
  }

  private async ring(callId: string, caller: PublicUser, calleeIds: string[]): Promise<void> {
    const call = await this.deps.directory.call(callId);
    if (!call) return;
    const ringing = calleeIds.filter(
      (id) => call.participants.find((p) => p.userId === id)?.state === 'ringing',
    );
    const to = await this.recipients(ringing, { kind: 'call', roomId: call.roomId, fromUserId: caller.id });
    if (to.length === 0) return;
    const [room, people, ttlSeconds] = await Promise.all([
      this.deps.directory.room(call.roomId),
      this.deps.directory.people(to),
      this.deps.ringTimeoutSeconds(),
    ]);
    await this.deps.repo.addRings(callId, [...people.keys()], this.deps.clock.now().toISOString());
    await Promise.all(
      [...people.values()].map((person) =>
        this.deps.deliveries.deliver(person.id, {
          payload: {
            kind: 'call',
            title: this.text(person, 'push.call.title', { caller: caller.displayName }),
            body:
              !room || room.type === 'direct'
                ? this.text(person, 'push.call.body.direct')
                : this.text(person, 'push.call.body.room', { room: room.displayName }),
            url: `/rooms/${call.roomId}?call=${callId}`,
            tag: `call:${callId}`,
          },
          ttlSeconds,
          urgency: 'high',
          topic: topicOf(`call:${callId}`),
        }),
      ),
    );
  }

  /** Closes the ringing notification of each person who answered or declined, or of all once it is over. */
  private async closeRings(callId: string, ended: boolean): Promise<void> {
    const call = await this.deps.directory.call(callId);
    const over = ended || !call || CALL_OVER.has(call.status);
    const done = over ? null : call.participants.filter((p) => p.state !== 'ringing').map((p) => p.userId);
    const userIds = await this.deps.repo.takeRings(callId, done);
    const message: PushMessage = {
      payload: { kind: 'close', tag: `call:${callId}` },
      ttlSeconds: CLOSE_TTL_SECONDS,
      urgency: 'high',
      // The same topic as the ring: a device that was offline gets the close instead of a stale ring.
      topic: topicOf(`call:${callId}`),
    };
    await Promise.all(userIds.map((id) => this.deps.deliveries.deliver(id, message)));
  }

  /** A direct message to the other member(s); in other rooms, to the people it mentions. */
  private async message(message: Message): Promise<void> {
    const author = message.author!;
    const room = await this.deps.directory.room(message.roomId);
    if (!room || room.type === 'consultation') return;
    const direct = room.type === 'direct';
    const members = new Set(room.memberIds);
    const candidates = (direct ? room.memberIds : message.mentions.filter((id) => members.has(id))).filter(
      (id) => id !== author.id,
    );
    const kind = direct ? 'message' : 'mention';
    const to = await this.recipients(candidates, { kind, roomId: room.id, fromUserId: author.id });
    if (to.length === 0) return;
    const [people, settings] = await Promise.all([this.deps.directory.people(to), this.deps.settings()]);
    const text = (message.action ? `${author.displayName} ${message.text}` : message.text).trim();
    await Promise.all(
      [...people.values()].map(async (person) => {
        const preview =
          settings.allowPreviews && text !== '' && (await (this.deps.wantsPreview?.(person.id) ?? false));
        const hidden = direct
          ? this.text(person, 'push.message.body.hidden')
          : this.text(person, 'push.mention.body.hidden', { room: room.displayName });
        const query = new URLSearchParams({ message: message.id, seq: String(message.seq) });
        await this.deps.deliveries.deliver(person.id, {
          payload: {
            kind: 'message',
            title: direct
              ? this.text(person, 'push.message.title', { sender: author.displayName })
              : this.text(person, 'push.mention.title', { sender: author.displayName }),
            body: preview ? truncate(text, PREVIEW_LENGTH) : hidden,
            url: `/rooms/${room.id}?${query.toString()}`,
            tag: `room:${room.id}`,
          },
          ttlSeconds: MESSAGE_TTL_SECONDS,
          urgency: 'normal',
          topic: topicOf(`room:${room.id}:${person.id}`),
        });
      }),
    );
  }

  private async reminder(consultationId: string, startsIn: number): Promise<void> {
    const c = await this.deps.directory.consultation(consultationId);
    if (!c) return;
    const to = await this.recipients([c.providerId, c.clientId], { kind: 'consultation' });
    await this.sendConsultation(consultationId, to, {
      title: 'push.consultation.reminder.title',
      body: 'push.consultation.reminder.body',
      values: { minutes: startsIn },
      ttlSeconds: Math.max(60, startsIn * 60),
    });
  }

  /** A cancellation reaches the other party (other changes are seen in the app and by e-mail). */
  private async consultationChanged(consultationId: string): Promise<void> {
    const c = await this.deps.directory.consultation(consultationId);
    if (!c || c.status !== 'canceled' || c.canceledBy === null) return;
    const other = c.canceledBy === 'client' ? c.providerId : c.clientId;
    const actor = c.canceledBy === 'client' ? c.clientId : c.providerId;
    const to = await this.recipients([other], { kind: 'consultation', fromUserId: actor });
    await this.sendConsultation(consultationId, to, {
      title: 'push.consultation.canceled.title',
      body: 'push.consultation.canceled.body',
      values: {},
      ttlSeconds: MESSAGE_TTL_SECONDS,
    });
  }

  private async sendConsultation(
    consultationId: string,
    to: string[],
    what: { title: PushTextKey; body: PushTextKey; values: Record<string, number>; ttlSeconds: number },
  ): Promise<void> {
    if (to.length === 0) return;
    const people = await this.deps.directory.people(to);
    await Promise.all(
      [...people.values()].map((person) =>
        this.deps.deliveries.deliver(person.id, {
          payload: {
            kind: 'consultation',
            title: this.text(person, what.title, what.values),
            body: this.text(person, what.body, what.values),
            url: `/consultations/${consultationId}`,
            tag: `consultation:${consultationId}`,
          },
          ttlSeconds: what.ttlSeconds,
          urgency: 'high',
          topic: topicOf(`consultation:${consultationId}`),
        }),
      ),
    );
  }
}

const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
