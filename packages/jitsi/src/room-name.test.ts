import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backendSafeRoomName, isCallId, newCallId, roomName } from './room-name.js';

/** A literal copy of jitsi-meet's client code (`uri.ts`): `_fixRoom` then `getBackendSafeRoomName`. */
function jitsiNodeFromUrlPath(pathSegment: string): string {
  let room = pathSegment.replace(new RegExp('[\\:\\?#\\[\\]@!$&\'()*+,;=></"]', 'g'), '');
  try {
    room = decodeURIComponent(room);
  } catch {
    // as upstream
  }
  room = room.normalize('NFKC').toLowerCase();
  return encodeURIComponent(room).toLowerCase();
}

/** What Prosody's `Util:verify_room` accepts (domain verification off, no tenant). */
const prosodyAccepts = (node: string, claim: string) => claim === '*' || node === claim.toLowerCase();

/** The room segment the way a browser hands it to Jitsi after we put `name` in the URL path. */
const urlPathSegment = (name: string) => new URL(`https://meet.example.com/${name}`).pathname.slice(1);

describe('backendSafeRoomName', () => {
  it.each([
    ['My Room', 'my%20room'],
    ['café', 'caf%c3%a9'],
    ['DailyStandup', 'dailystandup'],
    ['My%20Room', 'my%20room'],
    ["it's (fun)!*", 'its%20fun'],
    ['a/b?c#d[e]@f', 'abcdef'],
    ['100%', '100%25'],
    ['ﬁle', 'file'],
    ['Ｐａｒｌｅｙ', 'parley'],
    ['a\uD800b', 'ab'],
    ['a%21b', 'ab'],
  ])('%j → %j', (input, expected) => {
    expect(backendSafeRoomName(input)).toBe(expected);
  });

  it('is what Jitsi computes from the URL it is put in (URL room == claim room)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ maxLength: 20 }),
        (prefix, suffix) => {
          const name = roomName(prefix, newCallId(), suffix);
          const node = jitsiNodeFromUrlPath(urlPathSegment(name));
          expect(node).toBe(name);
          expect(prosodyAccepts(node, name)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is idempotent and only uses characters that survive a URL path unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary-ascii', maxLength: 60 }),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        (a, b) => {
          const name = backendSafeRoomName(a + b);
          expect(backendSafeRoomName(name)).toBe(name);
          expect(name).toMatch(/^(?:[a-z0-9\-_.~]|%[0-9a-f]{2})*$/);
          // "." and ".." are dot segments a URL parser removes; roomName refuses them.
          if (name !== '.' && name !== '..') expect(urlPathSegment(name)).toBe(name);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('upper- or lower-case claims for the same node both pass Prosody, a decoded claim does not', () => {
    const node = jitsiNodeFromUrlPath('My%20Room');
    expect(prosodyAccepts(node, 'My%20Room')).toBe(true);
    expect(prosodyAccepts(node, backendSafeRoomName('My Room'))).toBe(true);
    expect(prosodyAccepts(node, 'my room')).toBe(false);
  });
});

describe('roomName', () => {
  it('joins prefix, id and suffix', () => {
    expect(roomName('Parley', 'abc', '')).toBe('parleyabc');
    expect(roomName('Team Call ', 'x', ' (EU)')).toBe('team%20call%20x%20eu');
  });

  it('refuses names that cannot be an XMPP node', () => {
    expect(() => roomName('!!!', '', '***')).toThrow(RangeError);
    expect(() => roomName('.', '', '.')).toThrow(/dot segment/);
    expect(() => roomName('😀'.repeat(100), 'x', '')).toThrow(/allows 1023/);
  });
});

describe('newCallId', () => {
  it('carries 128 bits in 26 [a-z2-7] characters and does not repeat', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newCallId()));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(isCallId(id)).toBe(true);
    expect(26 * 5).toBeGreaterThanOrEqual(128);
    // every position varies, including the last one that holds the final 3 bits
    const last = new Set([...ids].map((id) => id[25]));
    expect(last.size).toBeGreaterThan(1);
  });

  it('is already backend-safe', () => {
    const id = newCallId();
    expect(backendSafeRoomName(id)).toBe(id);
  });
});
