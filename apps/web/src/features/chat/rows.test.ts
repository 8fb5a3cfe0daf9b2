import { describe, expect, it } from 'vitest';
import { BOB, GRACE, message } from '../../test/chat';
import { buildRows, firstUnreadSeq } from './rows';

describe('buildRows', () => {
  it('adds day dividers, groups one author’s messages and puts "New messages" before the first unread', () => {
    const m1 = message(1, { createdAt: '2026-03-01T10:00:00.000Z' });
    const m2 = message(2, { createdAt: '2026-03-02T10:00:00.000Z' });
    const m3 = message(3, { createdAt: '2026-03-02T10:01:00.000Z' });
    const m4 = message(4, { createdAt: '2026-03-02T10:02:00.000Z', author: GRACE });
    const m5 = message(5, { createdAt: '2026-03-02T10:03:00.000Z' });
    const rows = buildRows([m1, m2, m3, m4, m5], [], [], 3, new Date('2026-03-02T12:00:00.000Z'));
    expect(
      rows.map((r) => (r.kind === 'message' ? `${r.message.seq}${r.grouped ? 'g' : ''}` : r.kind)),
    ).toEqual(['day', '1', 'day', '2', 'unread', '3', '4', '5']);
    const days = rows.filter((r) => r.kind === 'day').map((r) => (r.kind === 'day' ? r.label : ''));
    expect(days[1]).toBe('Today');
  });

  it('groups messages within five minutes, but not after a reply or a long pause', () => {
    const a = message(1, { createdAt: '2026-03-02T10:00:00.000Z' });
    const b = message(2, { createdAt: '2026-03-02T10:04:00.000Z' });
    const c = message(3, { createdAt: '2026-03-02T10:30:00.000Z' });
    const d = message(4, {
      createdAt: '2026-03-02T10:31:00.000Z',
      replyTo: { id: 'x', author: BOB, text: 'q', deleted: false },
    });
    const grouped = buildRows([a, b, c, d], [], [], null).flatMap((r) =>
      r.kind === 'message' ? [r.grouped] : [],
    );
    expect(grouped).toEqual([false, true, false, false]);
  });

  it('puts pending messages last and notices at their time', () => {
    const m1 = message(1, { createdAt: '2026-03-02T10:00:00.000Z' });
    const m2 = message(2, { createdAt: '2026-03-02T10:10:00.000Z' });
    const notice = {
      id: 'n1',
      roomId: 'r_general',
      text: 'Topic set',
      tone: 'info' as const,
      createdAt: '2026-03-02T10:05:00.000Z',
    };
    const pending = {
      clientMsgId: 'c1',
      roomId: 'r_general',
      text: 'on its way',
      replyTo: null,
      status: 'sending' as const,
      error: null,
      createdAt: '2026-03-02T10:11:00.000Z',
    };
    const kinds = buildRows([m1, m2], [pending], [notice], null).map((r) => r.kind);
    expect(kinds).toEqual(['day', 'message', 'notice', 'message', 'pending']);
  });
});

describe('firstUnreadSeq', () => {
  it('skips my own messages and system messages', () => {
    const messages = [message(1), message(2, { author: GRACE }), message(3, { kind: 'system' }), message(4)];
    expect(firstUnreadSeq(messages, 1, GRACE.id)).toBe(4);
    expect(firstUnreadSeq(messages, null, GRACE.id)).toBeNull();
    expect(firstUnreadSeq(messages, 4, GRACE.id)).toBeNull();
  });
});
