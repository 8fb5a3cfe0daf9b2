import fc from 'fast-check';
import type { PushPayload } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { signedInPeople, type Person } from '../../test/factories.js';
import {
  browserSubscription,
  startPushService,
  testResolver,
  type PushServiceFixture,
} from '../../test/push-service.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { isRefusedAddress } from './endpoint-policy.js';
import { WebPushSender } from './push-sender.js';
import { generateVapidKeys } from './vapid-keys.js';

/** The IPv4 ranges a push endpoint may not use, as a model independent of the BlockList. */
const REFUSED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
];
const toInt = (dotted: string) => dotted.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const toDotted = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const modelRefused = (n: number) =>
  REFUSED_V4.some(
    ([base, prefix]) => Math.floor(n / 2 ** (32 - prefix)) === Math.floor(toInt(base) / 2 ** (32 - prefix)),
  );
/** Addresses near the ranges' edges as well as anywhere. */
const ipv4 = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  fc
    .tuple(fc.constantFrom(...REFUSED_V4), fc.integer({ min: -3, max: 3 }), fc.boolean())
    .map(([[base, prefix], delta, end]) => {
      const start = toInt(base);
      const edge = end ? start + 2 ** (32 - prefix) - 1 : start;
      return Math.min(2 ** 32 - 1, Math.max(0, edge + delta));
    }),
);

describe('the endpoint address policy', () => {
  it('refuses exactly the private IPv4 ranges, in every IPv6 spelling that carries them', () => {
    fc.assert(
      fc.property(ipv4, (n) => {
        const dotted = toDotted(n);
        const hex = `${((n >>> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}`;
        const expected = modelRefused(n);
        expect(isRefusedAddress(dotted)).toBe(expected);
        expect(isRefusedAddress(`::ffff:${dotted}`)).toBe(expected);
        expect(isRefusedAddress(`::ffff:${hex}`)).toBe(expected);
        expect(isRefusedAddress(`[::FFFF:${hex.toUpperCase()}]`)).toBe(expected);
        expect(isRefusedAddress(`64:ff9b::${dotted}`)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses loopback, unique-local, link-local and multicast IPv6, and accepts global unicast', () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((g) => g.toString(16));
    const rest = fc.array(group, { minLength: 7, maxLength: 7 }).map((g) => g.join(':'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), rest, (first, tail) => {
        const address = `${first.toString(16)}:${tail}`;
        const top = first >> 8;
        const local =
          (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0;
        const multicast = top === 0xff;
        if (local || multicast) expect(isRefusedAddress(address)).toBe(true);
        if ((first & 0xe000) === 0x2000 && first !== 0x2001) expect(isRefusedAddress(address)).toBe(false);
      }),
      { numRuns: 1000 },
    );
    for (const address of ['::', '::1', '[::1]', 'fe80::1%eth0', 'not-an-address', '']) {
      expect(isRefusedAddress(address), address).toBe(true);
    }
  });
});

describe('encryption against the local push service', () => {
  let pushService: PushServiceFixture;
  let sender: WebPushSender;
  const keys = generateVapidKeys();
  beforeAll(async () => {
    pushService = await startPushService();
    pushService.expectKey(keys.publicKey);
    sender = new WebPushSender({
      subject: 'mailto:ops@example.org',
      allowPrivate: true,
      extraCa: pushService.ca,
    });
  });
  afterAll(async () => {
    sender.close();
    await pushService.close();
  });

  it('decrypts to exactly the payload sent, whatever its text, with the headers asked for', async () => {
    const payload: fc.Arbitrary<PushPayload> = fc.oneof(
      fc.record({
        kind: fc.constantFrom('call' as const, 'message' as const, 'consultation' as const),
        title: fc.string({ maxLength: 80, unit: 'grapheme' }),
        body: fc.string({ maxLength: 600, unit: 'grapheme' }),
        url: fc.webPath(),
        tag: fc.string({ minLength: 1, maxLength: 60 }),
      }),
      fc.record({ kind: fc.constant('close' as const), tag: fc.string({ minLength: 1, maxLength: 60 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        payload,
        fc.integer({ min: 0, max: 86_400 }),
        fc.constantFrom('very-low' as const, 'low' as const, 'normal' as const, 'high' as const),
        async (sent, ttlSeconds, urgency) => {
          const sub = pushService.subscribe();
          const target = { endpoint: sub.endpoint, ...sub.keys };
          const outcome = await sender.send(target, { payload: sent, ttlSeconds, urgency }, keys);
          expect(outcome).toEqual({ status: 'delivered' });
          const got = await pushService.next((p) => p.subscriptionId === sub.id);
          expect(got).toMatchObject({ payload: sent, ttl: ttlSeconds, urgency });
        },
      ),
      { numRuns: 25 },
    );
    expect(pushService.failures).toEqual([]);
  });
});

type Action =
  | { kind: 'subscribe'; who: 0 | 1; endpoint: number }
  | { kind: 'remove'; who: 0 | 1; pick: number }
  | { kind: 'junk'; who: 0 | 1; body: unknown };

/**
 * Random subscribes (re-using endpoints, across people), removals (of one's own and others' ids)
 * and junk: never a 5xx, each endpoint belongs to at most one person (the last who subscribed it),
 * and each list is what a model kept beside says.
 */
describe.each(DATABASE_KINDS)('push subscriptions under random requests (%s)', (kind) => {
  let app: TestApp;
  let people: Person[];
  beforeAll(async () => {
    app = await createTestApp(kind, {}, { push: { resolve: testResolver } });
  });
  afterAll(async () => app.close());

  it('keep the model', async () => {
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.record({
        kind: fc.constant('subscribe' as const),
        who: fc.constantFrom(0 as const, 1 as const),
        endpoint: fc.nat(4),
      }),
      fc.record({
        kind: fc.constant('remove' as const),
        who: fc.constantFrom(0 as const, 1 as const),
        pick: fc.nat(10),
      }),
      fc.record({
        kind: fc.constant('junk' as const),
        who: fc.constantFrom(0 as const, 1 as const),
        body: fc.jsonValue(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 12 }), async (actions) => {
        // Fresh people each run, so the rate limits of one run do not reach the next.
        people = await signedInPeople(app, 'pa', 'pb');
        const run = Math.random().toString(36).slice(2);
        const model = new Map<string, { owner: number; id: string }>();
        for (const a of actions) {
          const client = people[a.who]!.client;
          if (a.kind === 'subscribe') {
            const endpoint = `https://push.example.com/${run}/${a.endpoint}`;
            const res = await client.post('/api/v1/me/push-subscriptions', browserSubscription(endpoint));
            expect(res.statusCode).toBe(201);
            model.set(endpoint, { owner: a.who, id: res.json<{ id: string }>().id });
          } else if (a.kind === 'remove') {
            const ids = [...model.values()];
            const target = ids[a.pick % Math.max(1, ids.length)];
            if (!target) continue;
            const res = await client.delete(`/api/v1/me/push-subscriptions/${target.id}`);
            expect(res.statusCode).toBe(target.owner === a.who ? 204 : 404);
            if (target.owner === a.who) {
              for (const [endpoint, entry] of model) if (entry.id === target.id) model.delete(endpoint);
            }
          } else {
            const res = await client.post('/api/v1/me/push-subscriptions', a.body);
            expect(res.statusCode).toBeGreaterThanOrEqual(400);
            expect(res.statusCode).toBeLessThan(500);
          }
        }
        for (const who of [0, 1]) {
          const listed = (await people[who]!.client.get('/api/v1/me/push-subscriptions')).json<{
            subscriptions: { id: string }[];
          }>().subscriptions;
          const expected = [...model.values()].filter((e) => e.owner === who).map((e) => e.id);
          expect(listed.map((s) => s.id).sort()).toEqual(expected.sort());
        }
      }),
      { numRuns: 12 },
    );
  });
});
