import type { PublicUser } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { DomainEvents } from '../../lib/domain-events.js';
import type { CallEvent } from '../calls/index.js';
import type { ConsultationEvent } from '../consultations/index.js';
import { fixedClock } from '../../test/fakes.js';
import type { PushDeliveries } from './push-deliveries.js';
import type { PushCall, PushConsultation, PushDirectoryRepository } from './push-directory.repository.js';
import { PushNotifier, type PushNotifierDependencies, type PushPolicyEvent } from './push.notifier.js';
import type { PushRepository } from './push.repository.js';
import type { PushMessage } from './push-sender.js';

const caller: PublicUser = {
  id: 'u-alice',
  username: 'alice',
  displayName: 'Alice',
  role: 'user',
} as PublicUser;
const ringingCall: PushCall = {
  id: 'c1',
  roomId: 'r1',
  status: 'ringing',
  participants: [
    { userId: 'u-alice', state: 'accepted' },
    { userId: 'u-bob', state: 'ringing' },
    { userId: 'u-carol', state: 'ringing' },
  ],
};
const consultation: PushConsultation = {
  id: 'k1',
  providerId: 'u-pro',
  clientId: 'u-client',
  status: 'scheduled',
  canceledBy: null,
  startAt: '2026-11-23T11:00:00.000Z',
};

/** Publishes as the unit of work does after a commit. */
const publish = (events: DomainEvents, list: (CallEvent | ConsultationEvent)[]) => events.publish(list);

/** A notifier over fakes: what it delivered, what the policy was asked. */
function setUp(
  over: Partial<PushNotifierDependencies> = {},
  directory: Partial<PushDirectoryRepository> = {},
) {
  const sent: { userId: string; message: PushMessage }[] = [];
  const asked: { userId: string; event: PushPolicyEvent }[] = [];
  const events = new DomainEvents();
  const notifier = new PushNotifier({
    directory: {
      call: () => Promise.resolve(ringingCall),
      room: () => Promise.resolve({ id: 'r1', type: 'private', displayName: 'Ops', memberIds: [] }),
      people: (ids: string[]) =>
        Promise.resolve(
          new Map(ids.map((id) => [id, { id, displayName: id, locale: id === 'u-carol' ? 'uk' : null }])),
        ),
      consultation: () => Promise.resolve(consultation),
      ...directory,
    } as unknown as PushDirectoryRepository,
    repo: {
      addRings: () => Promise.resolve(),
      takeRings: () => Promise.resolve([]),
    } as unknown as PushRepository,
    deliveries: {
      deliver: (userId: string, message: PushMessage) => {
        sent.push({ userId, message });
        return Promise.resolve(1);
      },
    } as unknown as PushDeliveries,
    connected: () => Promise.resolve(new Set<string>()),
    policy: {
      allows: (userId, event) => {
        asked.push({ userId, event });
        return Promise.resolve(userId !== 'u-carol');
      },
    },
    settings: () => Promise.resolve({ allowPreviews: false }),
    ringTimeoutSeconds: () => Promise.resolve(30),
    clock: fixedClock(),
    log: { warn: () => undefined, error: () => undefined },
    ...over,
  });
  notifier.subscribe(events);
  return { sent, asked, events, notifier };
}

describe('PushNotifier', () => {
  it('asks the policy about each ring and pushes only to those it allows', async () => {
    const { sent, asked, events, notifier } = setUp();
    await publish(events, [{ type: 'call.ringing', callId: 'c1', caller, calleeIds: ['u-bob', 'u-carol'] }]);
    await notifier.settled();
    expect(asked).toEqual([
      { userId: 'u-bob', event: { kind: 'call', roomId: 'r1', fromUserId: 'u-alice' } },
      { userId: 'u-carol', event: { kind: 'call', roomId: 'r1', fromUserId: 'u-alice' } },
    ]);
    expect(sent.map((s) => s.userId)).toEqual(['u-bob']);
    expect(sent[0]!.message).toMatchObject({
      urgency: 'high',
      ttlSeconds: 30,
      payload: { body: 'Video call in Ops' },
    });
  });

  it('writes each push in the recipient’s language through the injected texts', async () => {
    const { sent, events, notifier } = setUp({
      policy: { allows: () => Promise.resolve(true) },
      texts: (locale, key, values) => `${locale}:${key}:${JSON.stringify(values ?? {})}`,
    });
    await publish(events, [{ type: 'call.ringing', callId: 'c1', caller, calleeIds: ['u-bob', 'u-carol'] }]);
    await notifier.settled();
    const titles = Object.fromEntries(
      sent.map((s) => [s.userId, (s.message.payload as { title: string }).title]),
    );
    expect(titles).toEqual({
      'u-bob': 'en:push.call.title:{"caller":"Alice"}',
      'u-carol': 'uk:push.call.title:{"caller":"Alice"}',
    });
  });

  it('never delays or fails the change that caused it: publish returns before sending, and failures stay inside', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const errors: unknown[] = [];
    const { events, notifier } = setUp(
      { log: { warn: () => undefined, error: (obj) => void errors.push(obj) } },
      {
        call: async () => {
          await blocked;
          throw new Error('database gone');
        },
      },
    );
    await expect(
      publish(events, [{ type: 'call.ringing', callId: 'c1', caller, calleeIds: ['u-bob'] }]),
    ).resolves.toBeUndefined();
    release();
    await notifier.settled();
    expect(errors).toHaveLength(1);
  });

  it('reminds both parties of a consultation, and tells only the other party of a cancellation', async () => {
    const reminded = setUp({ policy: { allows: () => Promise.resolve(true) } });
    const timing = { joinLeadMinutes: 10, graceMinutes: 10 };
    await publish(reminded.events, [
      { type: 'consultation.reminder', consultationId: 'k1', startsIn: 15, timing },
    ]);
    await reminded.notifier.settled();
    expect(reminded.sent.map((s) => s.userId).sort()).toEqual(['u-client', 'u-pro']);
    expect(reminded.sent[0]!.message.payload).toMatchObject({
      kind: 'consultation',
      title: 'Your consultation starts in 15 min',
      url: '/consultations/k1',
      tag: 'consultation:k1',
    });

    const canceled = setUp(
      { policy: { allows: () => Promise.resolve(true) } },
      { consultation: () => Promise.resolve({ ...consultation, status: 'canceled', canceledBy: 'client' }) },
    );
    await publish(canceled.events, [
      { type: 'consultation.changed', consultationId: 'k1', timing, presence: false },
    ]);
    await canceled.notifier.settled();
    expect(canceled.sent.map((s) => s.userId)).toEqual(['u-pro']);

    // Other changes (a join, a confirmation) push nothing: people see them in the app and by e-mail.
    const changed = setUp({ policy: { allows: () => Promise.resolve(true) } });
    await publish(changed.events, [
      { type: 'consultation.changed', consultationId: 'k1', timing, presence: true },
    ]);
    await changed.notifier.settled();
    expect(changed.sent).toEqual([]);
  });
});
