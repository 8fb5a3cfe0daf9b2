import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseJitsiSettings } from './settings.js';
import {
  expectedTenant,
  isOwnTenant,
  parseEventSync,
  parseJaasSignatureHeader,
  parseJaasWebhook,
  verifyJaasWebhook,
} from './webhooks.js';

const SECRET = 'whsec-endpoint-secret';
const NOW = 1_736_942_400_000;
const t = NOW / 1000;
const body = JSON.stringify({
  idempotencyKey: 'b3f1c2',
  customerId: 'c1',
  appId: 'vpaas-magic-cookie-abc',
  eventType: 'PARTICIPANT_JOINED',
  sessionId: 's1',
  timestamp: NOW - 500,
  fqn: 'vpaas-magic-cookie-abc/ParleyXyz',
  data: { moderator: 'true', name: 'Ada', id: 'u1', participantJid: 'p@x', isBreakout: false },
});
const sign = (ts: number, raw: string, secret = SECRET) =>
  createHmac('sha256', secret).update(`${ts}.${raw}`).digest('base64');

describe('JaaS webhooks', () => {
  it('accepts a good signature and parses the event', () => {
    const event = verifyJaasWebhook({
      rawBody: body,
      signatureHeader: `t=${t},v1=${sign(t, body)}`,
      secret: SECRET,
      now: NOW,
    });
    expect(event).toEqual({
      source: 'jaas',
      type: 'participant.joined',
      idempotencyKey: 'b3f1c2',
      room: 'parleyxyz',
      tenant: 'vpaas-magic-cookie-abc',
      at: NOW - 500,
      isBreakout: false,
      participant: { userId: 'u1', name: 'Ada', jid: 'p@x', moderator: true },
    });
  });

  it('rejects a tampered body, a wrong secret and a stale or future timestamp', () => {
    const header = `t=${t},v1=${sign(t, body)}`;
    expect(() =>
      verifyJaasWebhook({
        rawBody: body.replace('Ada', 'Eve'),
        signatureHeader: header,
        secret: SECRET,
        now: NOW,
      }),
    ).toThrow(/does not match/);
    expect(() =>
      verifyJaasWebhook({
        rawBody: body,
        signatureHeader: `t=${t},v1=${sign(t, body, 'other')}`,
        secret: SECRET,
        now: NOW,
      }),
    ).toThrow(/does not match/);
    expect(() =>
      verifyJaasWebhook({ rawBody: body, signatureHeader: header, secret: SECRET, now: NOW + 301_000 }),
    ).toThrow(/timestamp/);
    expect(() =>
      verifyJaasWebhook({ rawBody: body, signatureHeader: header, secret: SECRET, now: NOW - 301_000 }),
    ).toThrow(/timestamp/);
    expect(() => verifyJaasWebhook({ rawBody: body, signatureHeader: undefined, secret: SECRET })).toThrow(
      /header/,
    );
  });

  it('splits on the first "=" only, keeping base64 padding, and ignores unknown schemes', () => {
    const sig = sign(t, body);
    expect(sig.endsWith('=')).toBe(true);
    expect(parseJaasSignatureHeader(`t=${t},v0=abc=,v1=${sig},x=1`)).toEqual({
      timestamp: t,
      signatures: [sig],
    });
    const event = verifyJaasWebhook({
      rawBody: Buffer.from(body),
      signatureHeader: `v2=zzz=,t=${t},v1=bm90LWl0,v1=${sig}`,
      secret: SECRET,
      now: NOW,
    });
    expect(event.type).toBe('participant.joined');
  });

  it('keeps event types it does not model as "other"', () => {
    const raw = JSON.stringify({
      idempotencyKey: 'k',
      eventType: 'RECORDING_UPLOADED',
      fqn: 'app/r',
      timestamp: NOW,
      data: { x: 1 },
    });
    const event = verifyJaasWebhook({
      rawBody: raw,
      signatureHeader: `t=${t},v1=${sign(t, raw)}`,
      secret: SECRET,
      now: NOW,
    });
    expect(event).toMatchObject({
      type: 'other',
      eventType: 'RECORDING_UPLOADED',
      room: 'r',
      data: { x: 1 },
    });
  });
});

describe('event_sync', () => {
  const joined = {
    event_name: 'muc-occupant-joined',
    room_name: '[acme]parleyxyz',
    room_jid: '[acme]parleyxyz@muc.meet.jitsi',
    is_breakout: false,
    active_occupants_count: 2,
    occupant: { occupant_jid: 'a@meet.jitsi/r1', joined_at: t, name: 'Ada', id: 'u1' },
  };

  it('parses occupant joined/left and room created/destroyed into the common model', () => {
    expect(parseEventSync('/events/occupant/joined', joined)).toEqual({
      source: 'event_sync',
      type: 'participant.joined',
      idempotencyKey: expect.stringMatching(/^event_sync:[0-9a-f]{32}$/) as string,
      room: 'parleyxyz',
      tenant: 'acme',
      at: NOW,
      isBreakout: false,
      activeCount: 2,
      participant: { userId: 'u1', name: 'Ada', jid: 'a@meet.jitsi/r1' },
    });
    const left = parseEventSync('/events/occupant/left', {
      ...joined,
      occupant: { ...joined.occupant, left_at: t + 60 },
    });
    expect(left).toMatchObject({ type: 'participant.left', at: NOW + 60_000 });
    expect(
      parseEventSync('/events/room/created', { room_name: 'r', room_jid: 'r@muc', created_at: t }),
    ).toMatchObject({
      type: 'room.created',
      room: 'r',
      at: NOW,
    });
    const destroyed = parseEventSync('/events/room/destroyed', {
      room_name: 'r',
      destroyed_at: t + 5,
      all_occupants: [{ occupant_jid: 'a', joined_at: t, left_at: t + 4, id: 'u1' }],
    });
    expect(destroyed).toMatchObject({
      type: 'room.destroyed',
      participants: [{ jid: 'a', userId: 'u1', joinedAt: NOW, leftAt: NOW + 4000 }],
    });
  });

  it('gives a retried post the same idempotency key and a different event another', () => {
    const a = parseEventSync('/events/occupant/joined', joined).idempotencyKey;
    expect(parseEventSync('/events/occupant/joined/', structuredClone(joined)).idempotencyKey).toBe(a);
    expect(parseEventSync('/events/occupant/left', joined).idempotencyKey).not.toBe(a);
  });

  it('rejects unknown paths and bodies without room_name', () => {
    expect(() => parseEventSync('/events/other', joined)).toThrow(/Unknown/);
    expect(() => parseEventSync('/events/room/created', {})).toThrow(/room_name/);
  });
});

describe('tenants', () => {
  const plain = parseJitsiSettings({ domain: 'meet.example.com' });
  const tenanted = parseJitsiSettings({ domain: 'meet.example.com/Acme' });
  const jaas = parseJitsiSettings({ useJaas: true, domain: '8x8.vc', appId: 'vpaas-magic-cookie-abc' });
  const sync = (room_name: string) => parseEventSync('/events/room/created', { room_name, created_at: t });

  it('expects the domain tenant for self-hosted Jitsi and the AppID for JaaS', () => {
    expect(expectedTenant(plain)).toBeUndefined();
    expect(expectedTenant(tenanted)).toBe('acme');
    expect(expectedTenant(jaas)).toBe('vpaas-magic-cookie-abc');
  });

  it("accepts only events about the configured tenant's rooms", () => {
    expect(isOwnTenant(sync('parleyxyz'), plain)).toBe(true);
    expect(isOwnTenant(sync('[other]parleyxyz'), plain)).toBe(false);
    expect(isOwnTenant(sync('[acme]parleyxyz'), tenanted)).toBe(true);
    expect(isOwnTenant(sync('[other]parleyxyz'), tenanted)).toBe(false);
    // On a tenant deployment a bare room is another meeting than ours.
    expect(isOwnTenant(sync('parleyxyz'), tenanted)).toBe(false);
    const jaasEvent = (fqn: string) =>
      parseJaasWebhook({ idempotencyKey: 'k', eventType: 'ROOM_CREATED', timestamp: NOW, fqn });
    expect(isOwnTenant(jaasEvent('vpaas-magic-cookie-abc/parleyxyz'), jaas)).toBe(true);
    expect(isOwnTenant(jaasEvent('vpaas-magic-cookie-other/parleyxyz'), jaas)).toBe(false);
    expect(isOwnTenant(jaasEvent('vpaas-magic-cookie-abc/parleyxyz'), plain)).toBe(false);
  });
});
